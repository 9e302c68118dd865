package io.llmgateway.gateway.auth;

import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;

/** LiteLLM's duration strings: {@code 30s}, {@code 30m}, {@code 30h}, {@code 30d}, {@code 1mo}. */
public final class Durations {

	private static final Pattern FORMAT = Pattern.compile("(\\d+)(s|m|h|d|mo)");

	private Durations() {
	}

	/** The instant {@code duration} after {@code from}; a 400 naming {@code param} when the text is not a duration. */
	public static OffsetDateTime after(OffsetDateTime from, String duration, String param) {
		Matcher m = match(duration, param);
		long n = Long.parseLong(m.group(1));
		return switch (m.group(2)) {
			case "s" -> from.plusSeconds(n);
			case "m" -> from.plusMinutes(n);
			case "h" -> from.plusHours(n);
			case "d" -> from.plusDays(n);
			default -> from.plusMonths(n);
		};
	}

	/** Checks a budget period and returns it unchanged. */
	public static String validate(String duration, String param) {
		if (duration != null) {
			match(duration, param);
		}
		return duration;
	}

	private static Matcher match(String duration, String param) {
		Matcher m = FORMAT.matcher(duration == null ? "" : duration.trim());
		if (!m.matches()) {
			throw new LlmException(LlmError.of(ErrorType.INVALID_REQUEST,
					param + " must look like 30s, 30m, 30h, 30d or 1mo").withParam(param));
		}
		return m;
	}
}
