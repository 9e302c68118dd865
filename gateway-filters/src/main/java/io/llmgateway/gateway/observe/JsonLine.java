package io.llmgateway.gateway.observe;

import java.math.BigDecimal;

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
