package io.llmgateway.translate.mapping;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import io.llmgateway.translate.model.ContentPart;

/**
 * A parsed RFC 2397 {@code data:[<mediatype>][;base64],<data>} URL, the one parser every codec uses so that an image
 * is read the same way whichever provider it is routed to (docs/translation.md, "Images and documents"):
 * <ul>
 * <li>the scheme and the {@code ;base64} marker are case-insensitive ({@code DATA:image/PNG;BASE64,...});</li>
 * <li>the media type is lower-cased and its parameters ({@code charset}, {@code name}) are dropped, because providers
 * take a bare MIME type; an omitted type is the RFC default {@code text/plain;charset=US-ASCII}, i.e.
 * {@code text/plain} here, while {@link #imageType()} gives what providers need for an image;</li>
 * <li>the data is percent-decoded as URL octets (so {@code +} stays {@code +}, and {@code %FF} is the byte 0xFF);
 * a non-base64 payload is then base64-encoded so callers always get base64;</li>
 * <li>a URL without the {@code ,} separator is a 400 naming the parameter.</li>
 * </ul>
 * @param declaredType the lower-cased media type without parameters, or null when the URL omits it
 * @param base64 the data, base64-encoded
 */
public record DataUrl(String declaredType, String base64) {

	/** RFC 2397: {@code data:,x} means {@code text/plain;charset=US-ASCII}; providers take the bare type. */
	public static final String DEFAULT_TYPE = "text/plain";

	private static final String SCHEME = "data:";

	private static final String BASE64 = "base64";

	public static boolean isDataUrl(String url) {
		return url != null && url.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
	}

	/** Parses a data URL; a 400 naming {@code param} when it is not one or is malformed. */
	public static DataUrl parse(String url, String param) {
		int comma = url == null ? -1 : url.indexOf(',');
		if (!isDataUrl(url) || comma < 0) {
			throw Errors.badRequest(param, "Malformed data URL in " + param + ": expected data:[<media type>][;base64],<data>");
		}
		String[] meta = url.substring(SCHEME.length(), comma).split(";", -1);
		boolean base64 = meta.length > 1 && meta[meta.length - 1].trim().equalsIgnoreCase(BASE64);
		String type = meta[0].trim().toLowerCase(Locale.ROOT);
		String declared = type.indexOf('/') > 0 ? type : null;
		String payload = url.substring(comma + 1);
		if (base64) {
			return new DataUrl(declared, payload.indexOf('%') < 0 ? payload
					: new String(percentDecode(payload, param), StandardCharsets.US_ASCII));
		}
		return new DataUrl(declared, Base64.getEncoder().encodeToString(percentDecode(payload, param)));
	}

	/**
	 * An image part for a client's image URL: a data URL becomes inline base64 with its {@link #imageType()}, any
	 * other URL is kept for providers that fetch URLs.
	 */
	public static ContentPart.Image image(String url, String detail, String param) {
		if (!isDataUrl(url)) {
			return new ContentPart.Image(null, null, url, detail);
		}
		DataUrl data = parse(url, param);
		return new ContentPart.Image(data.imageType(), data.base64(), null, detail);
	}

	/** The media type, with the RFC default when the URL declares none. */
	public String mediaType() {
		return declaredType == null ? DEFAULT_TYPE : declaredType;
	}

	/**
	 * The type to send a provider for this data as an image: the type its bytes show (providers reject a declared
	 * type that does not match them), else the declared one ({@code image/jpg} normalised), else null when neither
	 * tells: the RFC default {@code text/plain} is never an image type.
	 */
	public String imageType() {
		return MediaTypes.imageType(declaredType, base64);
	}

	/** This data as a {@code data:<type>;base64,<data>} URL. */
	public String toUrl() {
		return toUrl(mediaType(), base64);
	}

	/** A base64 data URL; a null type is written as the empty type RFC 2397 allows. */
	public static String toUrl(String mediaType, String base64) {
		return SCHEME + (mediaType == null ? "" : mediaType) + ";base64," + base64;
	}

	/** RFC 3986 percent-decoding to octets; unlike form decoding, {@code +} is a plain character. */
	private static byte[] percentDecode(String s, String param) {
		if (s.indexOf('%') < 0) {
			return s.getBytes(StandardCharsets.UTF_8);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c != '%') {
				if (c < 0x80) {
					out.write(c);
				}
				else {
					int cp = s.codePointAt(i);
					byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
					out.write(utf8, 0, utf8.length);
					i += Character.charCount(cp) - 1;
				}
				continue;
			}
			int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
			int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
			if (lo < 0) {
				throw Errors.badRequest(param, "Malformed data URL in " + param + ": bad percent-escape at offset " + i);
			}
			out.write(hi << 4 | lo);
			i += 2;
		}
		return out.toByteArray();
	}
}
