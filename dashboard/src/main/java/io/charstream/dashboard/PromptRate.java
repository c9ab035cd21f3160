package io.charstream.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/** At most so many prompts in any minute (a sliding window), all viewers of the page together. */
final class PromptRate {
  private static final long MINUTE_MS = 60_000;

  private final int perMinute;
  private final Deque<Long> sentMs = new ArrayDeque<>();

  PromptRate(int perMinute) {
    this.perMinute = perMinute;
  }

  /** @return empty when a prompt sent at this time is within the rate (and counts it), else the seconds to wait */
  synchronized OptionalLong take(long nowMs) {
    while (!sentMs.isEmpty() && nowMs - sentMs.peekFirst() >= MINUTE_MS) {
      sentMs.removeFirst();
    }
    if (perMinute == 0) {
      return OptionalLong.of(MINUTE_MS / 1000);
    }
    if (sentMs.size() >= perMinute) {
      return OptionalLong.of((MINUTE_MS - (nowMs - sentMs.peekFirst()) + 999) / 1000);
    }
    sentMs.addLast(nowMs);
    return OptionalLong.empty();
  }
}
