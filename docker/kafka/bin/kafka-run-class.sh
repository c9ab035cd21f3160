#!/bin/bash
# Runs a class of Kafka's jars, as the distribution's kafka-run-class.sh does (the subset used here).
exec java ${KAFKA_HEAP_OPTS:--Xmx512M} -Dlog4j2.configurationFile=/opt/kafka/config/log4j2-tools.properties \
  -cp '/opt/kafka/libs/*' "$@"
