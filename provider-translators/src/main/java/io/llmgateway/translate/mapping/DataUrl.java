package io.llmgateway.translate.mapping;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A parsed {@code data:[<mime>][;base64],<payload>} URL. Non-base64 payloads are percent-decoded and re-encoded so
 * callers always get base64.
 */
public record DataUrl(String mediaType, String base64) {

	public static boolean isDataUrl(String url) {
		return url != null && url.regionMatches(true, 0, "data:", 0, 5);
	}

	/** Parses a data URL; a 400 naming {@code param} when it is malformed. */
	public static DataUrl parse(String url, String param) {
		int comma = url.indexOf(',');
		if (!isDataUrl(url) || comma < 0) {
			throw Errors.badRequest(param, "Malformed data URL in " + param);
		}
		String meta = url.substring(5, comma);
		String payload = url.substring(comma + 1);
		boolean base64 = false;
		String mediaType = null;
		for (String token : meta.split(";")) {
			if (token.equalsIgnoreCase("base64")) {
				base64 = true;
			}
			else if (mediaType == null && token.contains("/")) {
				mediaType = token.trim().toLowerCase(java.util.Locale.ROOT);
			}
		}
		if (mediaType == null) {
			mediaType = "text/plain";
		}
		if (!base64) {
			byte[] raw = URLDecoder.decode(payload, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
			payload = Base64.getEncoder().encodeToString(raw);
		}
		return new DataUrl(mediaType, payload);
	}

	public String toUrl() {
		return "data:" + mediaType + ";base64," + base64;
	}
}
