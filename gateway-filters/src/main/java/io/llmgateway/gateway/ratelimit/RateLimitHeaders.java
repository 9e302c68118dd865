package io.llmgateway.gateway.ratelimit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.llmgateway.translate.Protocol;
import org.springframework.http.HttpHeaders;

/**
 * The state of the tightest request limit and the tightest token limit, written as OpenAI's {@code x-ratelimit-*}
 * headers (reset as a duration such as {@code 6m0s}) or, for Anthropic clients, as {@code anthropic-ratelimit-*}
 * (reset as an RFC 3339 instant). A negative limit means "no limit of that kind applies".
 */
public record RateLimitHeaders(long requestLimit, long requestRemaining, long requestResetMillis, long tokenLimit,
		long tokenRemaining, long tokenResetMillis) {

	public void writeTo(HttpHeaders headers, Protocol protocol) {
		boolean anthropic = protocol == Protocol.ANTHROPIC;
		if (requestLimit >= 0) {
			write(headers, anthropic, "requests", requestLimit, requestRemaining, requestResetMillis);
		}
		if (tokenLimit >= 0) {
			write(headers, anthropic, "tokens", tokenLimit, tokenRemaining, tokenResetMillis);
		}
	}

	private static void write(HttpHeaders headers, boolean anthropic, String kind, long limit, long remaining,
			long resetMillis) {
		String left = Long.toString(Math.max(0, remaining));
		if (anthropic) {
			headers.set("anthropic-ratelimit-" + kind + "-limit", Long.toString(limit));
			headers.set("anthropic-ratelimit-" + kind + "-remaining", left);
			headers.set("anthropic-ratelimit-" + kind + "-reset",
					Instant.now().plusMillis(resetMillis).truncatedTo(ChronoUnit.SECONDS).toString());
		}
		else {
			headers.set("x-ratelimit-limit-" + kind, Long.toString(limit));
			headers.set("x-ratelimit-remaining-" + kind, left);
			headers.set("x-ratelimit-reset-" + kind, duration(resetMillis));
		}
	}

	/** OpenAI's duration style: {@code 120ms}, {@code 1.5s}, {@code 6m0s}, {@code 2h3m4s}. */
	static String duration(long millis) {
		if (millis < 1000) {
			return Math.max(0, millis) + "ms";
		}
		long hours = millis / 3_600_000;
		long minutes = millis % 3_600_000 / 60_000;
		long ms = millis % 60_000;
		StringBuilder sb = new StringBuilder();
		if (hours > 0) {
			sb.append(hours).append('h');
		}
		if (hours > 0 || minutes > 0) {
			sb.append(minutes).append('m');
		}
		sb.append(ms / 1000);
		if (ms % 1000 != 0) {
			String frac = String.format("%03d", ms % 1000).replaceAll("0+$", "");
			sb.append('.').append(frac);
		}
		return sb.append('s').toString();
	}
}
