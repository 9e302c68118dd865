package io.llmgateway.adminui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Console sessions, in this instance's memory. The browser holds only a random session id in an HttpOnly,
 * SameSite=Strict cookie; the map is keyed by the id's SHA-256, so a heap dump does not hand out live cookies.
 * Each session has its own CSRF token, which every state-changing request must echo. The credential used to sign in
 * is never kept: a session records only who signed in.
 */
public final class ConsoleSessions {

	public static final String COOKIE = "llm_console";

	/** Double-submit cookie protecting the sign-in form itself (there is no session yet). */
	public static final String LOGIN_COOKIE = "llm_console_login";

	public static final String CSRF_HEADER = "x-csrf-token";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, Session> sessions = new ConcurrentHashMap<>();

	private final Duration idleTimeout;

	private final String secureCookie;

	private final Clock clock;

	public ConsoleSessions(Duration idleTimeout, String secureCookie, Clock clock) {
		this.idleTimeout = idleTimeout;
		this.secureCookie = secureCookie;
		this.clock = clock;
	}

	public record Session(String subject, String csrfToken, long createdAt, long lastSeen) {
	}

	/** A new session for {@code subject}; the returned id goes into the cookie and nowhere else. */
	public String create(String subject) {
		purgeExpired();
		String id = randomToken();
		long now = clock.millis();
		sessions.put(hash(id), new Session(subject, randomToken(), now, now));
		return id;
	}

	/** The request's live session (touching it), or null. */
	public Session find(ServerHttpRequest request) {
		HttpCookie cookie = request.getCookies().getFirst(COOKIE);
		if (cookie == null || cookie.getValue().isEmpty()) {
			return null;
		}
		String key = hash(cookie.getValue());
		long now = clock.millis();
		Session s = sessions.computeIfPresent(key,
				(k, old) -> now - old.lastSeen() > idleTimeout.toMillis() ? null
						: new Session(old.subject(), old.csrfToken(), old.createdAt(), now));
		return s;
	}

	public void invalidate(ServerHttpRequest request) {
		HttpCookie cookie = request.getCookies().getFirst(COOKIE);
		if (cookie != null) {
			sessions.remove(hash(cookie.getValue()));
		}
	}

	/** True when the request is safe (GET/HEAD) or carries the session's CSRF token in {@link #CSRF_HEADER}. */
	public static boolean csrfOk(ServerHttpRequest request, Session session) {
		String method = request.getMethod().name();
		if ("GET".equals(method) || "HEAD".equals(method)) {
			return true;
		}
		return sameToken(request.getHeaders().getFirst(CSRF_HEADER), session.csrfToken());
	}

	public static boolean sameToken(String presented, String expected) {
		return presented != null && expected != null && MessageDigest.isEqual(
				presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
	}

	public ResponseCookie cookie(String name, String value, ServerHttpRequest request, Duration maxAge) {
		return ResponseCookie.from(name, value)
			.httpOnly(true)
			.sameSite("Strict")
			.path("/")
			.secure(secure(request))
			.maxAge(maxAge)
			.build();
	}

	public ResponseCookie sessionCookie(String id, ServerHttpRequest request) {
		return cookie(COOKIE, id, request, Duration.ofSeconds(-1));
	}

	public ResponseCookie expired(String name, ServerHttpRequest request) {
		return cookie(name, "", request, Duration.ZERO);
	}

	private boolean secure(ServerHttpRequest request) {
		return switch (secureCookie) {
			case "always" -> true;
			case "never" -> false;
			default -> "https".equalsIgnoreCase(request.getURI().getScheme())
					|| "https".equalsIgnoreCase(request.getHeaders().getFirst("x-forwarded-proto"));
		};
	}

	private void purgeExpired() {
		long now = clock.millis();
		sessions.values().removeIf(s -> now - s.lastSeen() > idleTimeout.toMillis());
	}

	public static String randomToken() {
		byte[] b = new byte[32];
		RANDOM.nextBytes(b);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
	}

	private static String hash(String id) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
