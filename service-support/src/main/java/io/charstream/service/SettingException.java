package io.charstream.service;

/** A setting has a value that cannot be used. The message names the setting and how to fix it. */
public final class SettingException extends RuntimeException {
  public SettingException(String message) {
    super(message);
  }
}
