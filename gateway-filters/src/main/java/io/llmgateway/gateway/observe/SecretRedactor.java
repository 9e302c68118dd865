package io.llmgateway.gateway.observe;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks anything that looks like a credential before text leaves the process through a log line, a span or a
 * webhook: OpenAI/Anthropic/virtual keys ({@code sk-...}), bearer tokens, AWS access key ids, Google API keys and the
 * value of any {@code api-key}/{@code authorization}/{@code secret}/{@code password}/{@code token} field or header.
 * Applied always, whether or not prompt logging is on.
 */
public final class SecretRedactor {

	static final String MASK = "[REDACTED]";

	/**
	 * A pattern and the lower-case substrings of which at least one must occur, in any case, for it to match: a cheap
	 * pre-check, without a lower-case copy of the line, spares the regular expressions on the common line that holds
	 * no credential.
	 */
	private record Rule(Pattern pattern, List<String> triggers) {

		boolean mayMatch(String text) {
			for (String t : triggers) {
				if (containsIgnoringCase(text, t)) {
					return true;
				}
			}
			return false;
		}

		/** Whether {@code text} contains {@code lower} (lower case, starting with a letter), in any case. */
		private static boolean containsIgnoringCase(String text, String lower) {
			char first = lower.charAt(0);
			for (int i = 0, last = text.length() - lower.length(); i <= last; i++) {
				if ((text.charAt(i) | 0x20) == first && text.regionMatches(true, i, lower, 0, lower.length())) {
					return true;
				}
			}
			return false;
		}
	}

	private static final List<Rule> WHOLE = List.of(
			// sk-..., sk-proj-..., sk-ant-api03-...: provider keys and our virtual keys
			new Rule(Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{6,}"), List.of("sk-")),
			new Rule(Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"), List.of("akia")),
			new Rule(Pattern.compile("\\bAIza[0-9A-Za-z_\\-]{30,}"), List.of("aiza")));

	/** Keeps the name and separator (group 1), masks the value (group 2). */
	private static final List<Rule> VALUES = List.of(
			new Rule(Pattern.compile("(?i)(\\bbearer\\s+)([A-Za-z0-9._~+/=\\-]{4,})"), List.of("bearer")),
			new Rule(Pattern.compile("(?i)(\\bbasic\\s+)([A-Za-z0-9+/=]{8,})"), List.of("basic")),
			new Rule(Pattern.compile("(?i)(\"?(?:x-)?(?:api[-_]?key|goog-api-key|authorization|proxy-authorization|secret"
					+ "|client[-_]?secret|password|passwd|access[-_]?token|refresh[-_]?token|token|secret[-_]?access"
					+ "[-_]?key)\"?\\s*[:=]\\s*\"?)([^\"\\s,;&}]{3,})"),
					List.of("apikey", "api-key", "api_key", "authorization", "secret", "password", "passwd", "token\"",
							"token=", "token:", "token ")));

	private SecretRedactor() {
	}

	public static String redact(String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String out = text;
		for (Rule rule : WHOLE) {
			if (rule.mayMatch(text)) {
				out = rule.pattern().matcher(out).replaceAll(MASK);
			}
		}
		for (Rule rule : VALUES) {
			if (!rule.mayMatch(text)) {
				continue;
			}
			Matcher m = rule.pattern().matcher(out);
			StringBuilder sb = null;
			int last = 0;
			while (m.find()) {
				if (MASK.equals(m.group(2)) || m.group(2).startsWith("[REDACTED")) {
					continue;
				}
				if (sb == null) {
					sb = new StringBuilder(out.length());
				}
				sb.append(out, last, m.start(2)).append(MASK);
				last = m.end(2);
			}
			if (sb != null) {
				sb.append(out, last, out.length());
				out = sb.toString();
			}
		}
		return out;
	}
}
