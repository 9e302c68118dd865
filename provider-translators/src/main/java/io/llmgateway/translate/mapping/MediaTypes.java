package io.llmgateway.translate.mapping;

import java.util.Base64;
import java.util.Set;

/**
 * Image media types: Anthropic accepts only JPEG, PNG, GIF and WebP and rejects a {@code media_type} that does not
 * match the bytes, so the type is sniffed from the magic bytes rather than trusted.
 */
public final class MediaTypes {

	public static final Set<String> ANTHROPIC_IMAGES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

	private MediaTypes() {
	}

	/** The image type given by the first bytes of base64 data, or null when not recognised. */
	public static String sniffImage(String base64) {
		if (base64 == null || base64.length() < 16) {
			return null;
		}
		byte[] head;
		try {
			head = Base64.getMimeDecoder().decode(base64.substring(0, 16));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (head.length >= 4 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
			return "image/png";
		}
		if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
			return "image/jpeg";
		}
		if (head.length >= 4 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') {
			return "image/gif";
		}
		if (head.length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F' && head[8] == 'W'
				&& head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
			return "image/webp";
		}
		return null;
	}

	/** The sniffed type when recognised, else the declared one (normalised {@code image/jpg}). */
	public static String imageType(String declared, String base64) {
		String sniffed = sniffImage(base64);
		if (sniffed != null) {
			return sniffed;
		}
		if ("image/jpg".equalsIgnoreCase(declared)) {
			return "image/jpeg";
		}
		return declared;
	}
}
