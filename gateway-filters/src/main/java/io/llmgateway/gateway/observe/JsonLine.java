package io.llmgateway.gateway.observe;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes one flat JSON object straight into a {@link StringBuilder}: the access log's record costs one builder and
 * one string instead of a node tree, a generator and its buffers. Only what {@link RequestRecord} needs: string,
 * number, boolean and null values, nested objects; strings are escaped as JSON requires (quote, backslash, control
 * characters), everything else is written as is.
 */
final class JsonLine {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private final StringBuilder sb;

	/** True right after an opening brace: the next field needs no comma. */
	private boolean first = true;

	JsonLine(int capacity) {
		this.sb = new StringBuilder(capacity).append('{');
	}

	JsonLine field(String name, String value) {
		name(name);
		if (value == null) {
			sb.append("null");
		}
		else {
			string(value);
		}
		return this;
	}

	JsonLine field(String name, long value) {
		name(name).append(value);
		return this;
	}

	JsonLine field(String name, double value) {
		name(name).append(value);
		return this;
	}

	JsonLine field(String name, boolean value) {
		name(name).append(value);
		return this;
	}

	/** Plain notation (never an exponent), as the gateway's Jackson mapper writes decimals. */
	JsonLine field(String name, BigDecimal value) {
		name(name).append(value == null ? "null" : value.toPlainString());
		return this;
	}

	/** As {@link Instant#toString()} writes it (UTC, ISO-8601), without its formatter's intermediate objects. */
	JsonLine field(String name, Instant value) {
		if (value == null) {
			name(name).append("null");
			return this;
		}
		LocalDateTime t = LocalDateTime.ofEpochSecond(value.getEpochSecond(), 0, ZoneOffset.UTC);
		if (t.getYear() < 1000 || t.getYear() > 9999) {
			return field(name, value.toString());
		}
		StringBuilder out = name(name).append('"').append(t.getYear()).append('-');
		two(out, t.getMonthValue()).append('-');
		two(out, t.getDayOfMonth()).append('T');
		two(out, t.getHour()).append(':');
		two(out, t.getMinute()).append(':');
		two(out, t.getSecond());
		int nano = value.getNano();
		if (nano != 0) {
			// like ISO_INSTANT: 3, 6 or 9 fraction digits, as few as the value needs
			int digits = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
			int fraction = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano;
			out.append('.');
			for (int scale = digits == 3 ? 100 : digits == 6 ? 100_000 : 100_000_000; scale > 0; scale /= 10) {
				out.append((char) ('0' + fraction / scale % 10));
			}
		}
		out.append("Z\"");
		return this;
	}

	private static StringBuilder two(StringBuilder out, int value) {
		return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
	}

	JsonLine object(String name) {
		name(name).append('{');
		first = true;
		return this;
	}

	JsonLine end() {
		sb.append('}');
		first = false;
		return this;
	}

	/** The finished object; call once. */
	String finish() {
		return sb.append('}').toString();
	}

	private StringBuilder name(String name) {
		if (!first) {
			sb.append(',');
		}
		first = false;
		string(name);
		return sb.append(':');
	}

	private void string(String value) {
		sb.append('"');
		int from = 0;
		int length = value.length();
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && c != '"' && c != '\\') {
				continue;
			}
			sb.append(value, from, i);
			from = i + 1;
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				case '\b' -> sb.append("\\b");
				case '\f' -> sb.append("\\f");
				default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
		}
		sb.append(value, from, length).append('"');
	}
}
