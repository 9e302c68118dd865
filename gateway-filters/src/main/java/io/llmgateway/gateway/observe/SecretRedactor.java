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

	private static final List<Pattern> WHOLE = List.of(
			// sk-..., sk-proj-..., sk-ant-api03-...: provider keys and our virtual keys
			Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{6,}"),
			Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"),
			Pattern.compile("\\bAIza[0-9A-Za-z_\\-]{30,}"));

	/** Keeps the name and separator (group 1), masks the value (group 2). */
	private static final List<Pattern> VALUES = List.of(
			Pattern.compile("(?i)(\\bbearer\\s+)([A-Za-z0-9._~+/=\\-]{4,})"),
			Pattern.compile("(?i)(\\bbasic\\s+)([A-Za-z0-9+/=]{8,})"),
			Pattern.compile("(?i)(\"?(?:x-)?(?:api[-_]?key|goog-api-key|authorization|proxy-authorization|secret"
					+ "|client[-_]?secret|password|passwd|access[-_]?token|refresh[-_]?token|token|secret[-_]?access"
					+ "[-_]?key)\"?\\s*[:=]\\s*\"?)([^\"\\s,;&}]{3,})"));

	private SecretRedactor() {
	}

	public static String redact(String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String out = text;
		for (Pattern p : WHOLE) {
			out = p.matcher(out).replaceAll(MASK);
		}
		for (Pattern p : VALUES) {
			Matcher m = p.matcher(out);
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
