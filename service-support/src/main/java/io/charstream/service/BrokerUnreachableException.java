package io.charstream.service;

/** No Kafka broker answered at the configured address: an expected condition with a clear fix. */
public final class BrokerUnreachableException extends RuntimeException {
  public BrokerUnreachableException(KafkaConnection connection, String cause) {
    super("cannot reach Kafka at " + connection.bootstrapServers() + " within " + connection.timeout().toSeconds()
        + " s (" + cause + "): start a broker (./charstream broker) or set --bootstrap-servers / "
        + "CHARSTREAM_BOOTSTRAP_SERVERS");
  }
}
