package io.llmgateway.gateway.support.mock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent implementation of AWS Signature Version 4, written from AWS's published algorithm (canonical
 * request, string to sign, derived signing key), used to check what a mock AWS service receives. Deliberately shares
 * no code with the AWS SDK.
 */
public final class SigV4Verifier {

	private static final Pattern AUTH = Pattern.compile(
			"AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

	private SigV4Verifier() {
	}

	/** The parts of an {@code Authorization} header, or null when it is not a SigV4 header. */
	public record Authorization(String accessKey, String date, String region, String service, List<String> signedHeaders,
			String signature) {

		public static Authorization parse(String header) {
			Matcher m = AUTH.matcher(header == null ? "" : header);
			if (!m.matches()) {
				return null;
			}
			return new Authorization(m.group(1), m.group(2), m.group(3), m.group(4), List.of(m.group(5).split(";")),
					m.group(6));
		}
	}

	/**
	 * The signature for a request.
	 * @param rawPath the path as sent on the wire (already percent-encoded once)
	 * @param rawQuery the query as sent, or null
	 * @param headers header name to value, for at least the signed headers
	 * @param doubleEncodePath true for every service except S3: each path segment is encoded again
	 */
	public static String signature(String method, String rawPath, String rawQuery, Map<String, String> headers,
			List<String> signedHeaders, byte[] body, String secretKey, String amzDate, String region, String service,
			boolean doubleEncodePath) {
		String canonicalRequest = canonicalRequest(method, rawPath, rawQuery, headers, signedHeaders, body,
				doubleEncodePath);
		String date = amzDate.substring(0, 8);
		String scope = date + "/" + region + "/" + service + "/aws4_request";
		String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
				+ hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
		byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
		key = hmac(key, region);
		key = hmac(key, service);
		key = hmac(key, "aws4_request");
		return hex(hmac(key, stringToSign));
	}

	public static String canonicalRequest(String method, String rawPath, String rawQuery, Map<String, String> headers,
			List<String> signedHeaders, byte[] body, boolean doubleEncodePath) {
		StringBuilder sb = new StringBuilder();
		sb.append(method).append('\n');
		sb.append(canonicalPath(rawPath, doubleEncodePath)).append('\n');
		sb.append(canonicalQuery(rawQuery)).append('\n');
		Map<String, String> lower = new TreeMap<>();
		headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v.strip().replaceAll("\\s+", " ")));
		List<String> names = new ArrayList<>(signedHeaders);
		names.sort(null);
		for (String name : names) {
			sb.append(name).append(':').append(lower.get(name)).append('\n');
		}
		sb.append('\n');
		sb.append(String.join(";", names)).append('\n');
		sb.append(hex(sha256(body)));
		return sb.toString();
	}

	private static String canonicalPath(String rawPath, boolean doubleEncode) {
		if (rawPath == null || rawPath.isEmpty()) {
			return "/";
		}
		if (!doubleEncode) {
			return rawPath;
		}
		StringBuilder sb = new StringBuilder();
		String[] segments = rawPath.split("/", -1);
		for (int i = 0; i < segments.length; i++) {
			if (i > 0) {
				sb.append('/');
			}
			sb.append(uriEncode(segments[i]));
		}
		return sb.toString();
	}

	private static String canonicalQuery(String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return "";
		}
		Map<String, String> sorted = new TreeMap<>();
		for (String pair : rawQuery.split("&")) {
			int eq = pair.indexOf('=');
			String k = eq < 0 ? pair : pair.substring(0, eq);
			String v = eq < 0 ? "" : pair.substring(eq + 1);
			sorted.put(k, v);
		}
		List<String> parts = new ArrayList<>();
		sorted.forEach((k, v) -> parts.add(k + "=" + v));
		return String.join("&", parts);
	}

	/** RFC 3986 encoding as SigV4 defines it: unreserved characters stay, everything else is %XX upper case. */
	public static String uriEncode(String s) {
		StringBuilder sb = new StringBuilder();
		for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == '~') {
				sb.append(c);
			}
			else {
				sb.append('%').append(String.format("%02X", b & 0xff));
			}
		}
		return sb.toString();
	}

	public static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static byte[] hmac(byte[] key, String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}
}
