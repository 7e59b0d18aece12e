package io.ivantiscim.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The date-times every Ivanti read carries ({@code CreatedDateTime}, {@code LastModDateTime}: two per user view),
 * read and written without {@link DateTimeFormatter}, whose general parser was the largest item of the view's
 * mapping in the read path's profile (issue 14; parse and format 0.77 µs a date with the JDK, 0.12 µs here, once
 * compiled). Only the plain shapes Ivanti sends are handled here, with the same result as the JDK's ISO parsers;
 * anything else is left to them ({@link #parse} answers null).
 */
final class IsoDates {

    private IsoDates() {
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss} with an optional fraction of 1–9 digits and an optional {@code Z} or
     * {@code ±HH:MM} offset, as {@link java.time.OffsetDateTime#parse} (with an offset) or
     * {@link LocalDateTime#parse} in {@code zone} (without) reads it; null for any other text, including a valid
     * date-time the JDK reads in a form not listed here (lower-case {@code t}/{@code z}, {@code +HH}, offset
     * seconds), and for an invalid one ({@code 2024-02-30}, hour 24).
     */
    static Instant parse(String text, ZoneId zone) {
        int n = text.length();
        if (n < 19 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 7) || text.charAt(7) != '-'
                || !digits(text, 8, 10) || text.charAt(10) != 'T' || !digits(text, 11, 13) || text.charAt(13) != ':'
                || !digits(text, 14, 16) || text.charAt(16) != ':' || !digits(text, 17, 19)) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(text.charAt(i))) {
                nanos = nanos * 10 + (text.charAt(i) - '0');
                i++;
            }
            int length = i - start;
            if (length == 0 || i < n && isDigit(text.charAt(i))) {
                return null;
            }
            for (int k = length; k < 9; k++) {
                nanos *= 10;
            }
        }
        boolean utc = false;
        int offsetSign = 0;
        if (i < n) {
            char c = text.charAt(i);
            if (c == 'Z' && i + 1 == n) {
                utc = true;
            } else if ((c == '+' || c == '-') && i + 6 == n && digits(text, i + 1, i + 3) && text.charAt(i + 3) == ':'
                    && digits(text, i + 4, i + 6)) {
                offsetSign = c == '-' ? -1 : 1;
            } else {
                return null;
            }
        }
        try {
            ZoneOffset offset = utc
                    ? ZoneOffset.UTC
                    : offsetSign == 0
                            ? null
                            : ZoneOffset.ofHoursMinutes(offsetSign * number(text, i + 1, i + 3),
                                    offsetSign * number(text, i + 4, i + 6));
            LocalDateTime local = LocalDateTime.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10),
                    number(text, 11, 13), number(text, 14, 16), number(text, 17, 19), nanos);
            return offset != null ? local.toInstant(offset) : local.atZone(zone).toInstant();
        } catch (DateTimeException e) {
            // Out of range (month 13, February 30, hour 24, offset +19:00): the JDK's parser gives the verdict.
            return null;
        }
    }

    /** {@link DateTimeFormatter#ISO_INSTANT}'s text of {@code instant} (as {@link Instant#toString()} writes it). */
    static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 1000 || year > 9999) {
            // Years ISO_INSTANT writes with a sign or padding: rare enough to leave to it.
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        StringBuilder out = new StringBuilder(30);
        out.append(year).append('-');
        two(out, t.getMonthValue()).append('-');
        two(out, t.getDayOfMonth()).append('T');
        two(out, t.getHour()).append(':');
        two(out, t.getMinute()).append(':');
        two(out, t.getSecond());
        int nanos = instant.getNano();
        if (nanos > 0) {
            // ISO_INSTANT: milliseconds, microseconds or nanoseconds, whichever is exact.
            out.append('.');
            if (nanos % 1_000_000 == 0) {
                pad(out, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                pad(out, nanos / 1_000, 6);
            } else {
                pad(out, nanos, 9);
            }
        }
        return out.append('Z').toString();
    }

    /** A date {@code yyyy-MM-dd} at the start of its day in {@code zone}, or null (as {@link #parse}). */
    static Instant parseDate(String text, ZoneId zone) {
        if (text.length() != 10 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 7)
                || text.charAt(7) != '-' || !digits(text, 8, 10)) {
            return null;
        }
        try {
            return LocalDate.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10)).atStartOfDay(zone)
                    .toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static StringBuilder two(StringBuilder out, int value) {
        return pad(out, value, 2);
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int k = digits.length(); k < width; k++) {
            out.append('0');
        }
        return out.append(digits);
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }
}
