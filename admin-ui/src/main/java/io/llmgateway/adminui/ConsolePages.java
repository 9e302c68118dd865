package io.llmgateway.adminui;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The console's pages under {@code /ui}: sign-in, sign-out and the server-rendered page shells whose scripts call the
 * admin API. Every page needs a console session (otherwise a redirect to the sign-in page); sign-in and sign-out are
 * forms that must carry their CSRF token (403 without it).
 */
final class ConsolePages {

	static final String BASE = "/ui";

	/** No inline script or style, nothing from other origins, never framed. */
	private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	private final ConsoleSessions sessions;

	private final ConsoleLogin login;

	private final ConsolePageRenderer renderer;

	private final String apiBase;

	private final SignInThrottle throttle;

	ConsolePages(ConsoleSessions sessions, ConsoleLogin login, ConsolePageRenderer renderer, String apiBase,
			SignInThrottle throttle) {
		this.sessions = sessions;
		this.login = login;
		this.renderer = renderer;
		this.apiBase = apiBase;
		this.throttle = throttle;
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET(BASE, r -> redirect(BASE + "/overview"))
			.GET(BASE + "/", r -> redirect(BASE + "/overview"))
			.GET(BASE + "/login", this::loginForm)
			.POST(BASE + "/login", this::signIn)
			.POST(BASE + "/logout", this::signOut)
			.GET(BASE + "/{page}", this::page)
			.build()
			.and(RouterFunctions.resources(BASE + "/assets/**", new ClassPathResource("llm-ui/assets/")));
	}

	private Mono<ServerResponse> page(ServerRequest request) {
		String page = request.pathVariable("page");
		if (!ConsolePageRenderer.PAGES.containsKey(page)) {
			return ServerResponse.notFound().build();
		}
		ConsoleSessions.Session session = sessions.find(request.exchange().getRequest());
		if (session == null) {
			return redirect(BASE + "/login");
		}
		return html(HttpStatus.OK, renderer.page(page, apiBase, session.csrfToken(), session.subject()));
	}

	private Mono<ServerResponse> loginForm(ServerRequest request) {
		if (sessions.find(request.exchange().getRequest()) != null) {
			return redirect(BASE + "/overview");
		}
		String notice = request.queryParam("signed-out").isPresent() ? "You are signed out." : null;
		return loginPage(request, HttpStatus.OK, null, notice);
	}

	private Mono<ServerResponse> loginPage(ServerRequest request, HttpStatus status, String error, String notice) {
		String token = ConsoleSessions.randomToken();
		return ServerResponse.status(status)
			.headers(this::pageHeaders)
			.cookie(sessions.cookie(ConsoleSessions.LOGIN_COOKIE, token, request.exchange().getRequest(),
					Duration.ofMinutes(30)))
			.contentType(MediaType.TEXT_HTML)
			.bodyValue(renderer.login(login.formKind(), token, error, notice).getBytes(StandardCharsets.UTF_8));
	}

	private Mono<ServerResponse> signIn(ServerRequest request) {
		ServerHttpRequest http = request.exchange().getRequest();
		return request.formData().flatMap(form -> {
			var cookie = http.getCookies().getFirst(ConsoleSessions.LOGIN_COOKIE);
			if (cookie == null || !ConsoleSessions.sameToken(form.getFirst("_csrf"), cookie.getValue())) {
				return forbidden("The sign-in form expired or did not come from this console; reload it and try again.");
			}
			String client = client(http);
			if (!throttle.allowed(client)) {
				return loginPage(request, HttpStatus.TOO_MANY_REQUESTS,
						"Too many failed sign-ins from your address; wait a minute and try again.", null);
			}
			return login.authenticate(form, http).flatMap(result -> {
				if (result.subject() == null) {
					throttle.failed(client);
					return loginPage(request, HttpStatus.UNAUTHORIZED, result.error(), null);
				}
				sessions.invalidate(http);
				String id = sessions.create(result.subject());
				return ServerResponse.seeOther(URI.create(BASE + "/overview"))
					.cookie(sessions.sessionCookie(id, http))
					.cookie(sessions.expired(ConsoleSessions.LOGIN_COOKIE, http))
					.build();
			});
		});
	}

	/** The peer address (a proxy in front counts as one client: configure forwarded headers to see callers). */
	private static String client(ServerHttpRequest http) {
		return http.getRemoteAddress() == null || http.getRemoteAddress().getAddress() == null ? "unknown"
				: http.getRemoteAddress().getAddress().getHostAddress();
	}

	private Mono<ServerResponse> signOut(ServerRequest request) {
		ServerHttpRequest http = request.exchange().getRequest();
		return request.formData().flatMap(form -> {
			ConsoleSessions.Session session = sessions.find(http);
			if (session == null) {
				return redirect(BASE + "/login");
			}
			if (!ConsoleSessions.sameToken(form.getFirst("_csrf"), session.csrfToken())) {
				return forbidden("Missing or wrong CSRF token.");
			}
			sessions.invalidate(http);
			return ServerResponse.seeOther(URI.create(BASE + "/login?signed-out"))
				.cookie(sessions.expired(ConsoleSessions.COOKIE, http))
				.build();
		});
	}

	private Mono<ServerResponse> forbidden(String message) {
		return html(HttpStatus.FORBIDDEN, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Forbidden"
				+ "</title></head><body><h1>403 Forbidden</h1><p>" + HtmlUtils.htmlEscape(message)
				+ "</p><p><a href=\"" + BASE + "/login\">Sign in</a></p></body></html>");
	}

	private Mono<ServerResponse> html(HttpStatus status, String body) {
		return ServerResponse.status(status)
			.headers(this::pageHeaders)
			.contentType(MediaType.TEXT_HTML)
			.bodyValue(body.getBytes(StandardCharsets.UTF_8));
	}

	private void pageHeaders(HttpHeaders h) {
		h.set("Content-Security-Policy", CSP);
		h.set("X-Content-Type-Options", "nosniff");
		h.set("Referrer-Policy", "no-referrer");
		h.setCacheControl("no-store");
	}

	private static Mono<ServerResponse> redirect(String to) {
		return ServerResponse.seeOther(URI.create(to)).build();
	}
}
