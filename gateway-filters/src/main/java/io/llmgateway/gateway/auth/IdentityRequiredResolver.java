package io.llmgateway.gateway.auth;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.IdentityResolver;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The last identity resolver while keys are required ({@code llm.keys.enabled} unset or true): a request no other
 * resolver identified gets a 401, in the client's protocol, naming every way this gateway accepts a caller and, when
 * none is configured, how to configure one. {@code llm.keys.enabled=false} removes it and opens LLM routes.
 */
public class IdentityRequiredResolver implements IdentityResolver {

	public static final int ORDER = Integer.MAX_VALUE - 1000;

	private final String message;

	public IdentityRequiredResolver(IdentitySources sources) {
		this.message = message(sources);
	}

	/** What can identify a caller on this gateway. */
	public record IdentitySources(boolean masterKey, boolean virtualKeys, boolean springSecurity,
			boolean trustedHeaders, String userHeader, String adminPrefix) {

		public boolean any() {
			return masterKey || springSecurity || trustedHeaders;
		}
	}

	static String message(IdentitySources s) {
		if (!s.any()) {
			return "Missing API key: this gateway has no identity source configured, so LLM routes refuse every "
					+ "request. Configure one of: llm.keys.master-key (then send 'Authorization: Bearer <key>', "
					+ "'x-api-key: <key>' or 'api-key: <key>', and create virtual keys with POST " + s.adminPrefix()
					+ "/key/generate), Spring Security on the application, or llm.auth.trusted-header.enabled with "
					+ "llm.auth.trusted-header.trusted-proxies; or set llm.keys.enabled=false to open LLM routes to "
					+ "anyone on purpose.";
		}
		List<String> ways = new ArrayList<>();
		ways.add((s.virtualKeys() ? "a virtual key or the master key" : "the master key")
				+ " as 'Authorization: Bearer <key>', 'x-api-key: <key>' or 'api-key: <key>'");
		if (s.springSecurity()) {
			ways.add("a login the application's Spring Security accepts");
		}
		if (s.trustedHeaders()) {
			ways.add("identity headers ('" + s.userHeader() + "') set by a trusted proxy");
		}
		return "Missing API key: send " + String.join("; or ", ways) + "."
				+ (s.masterKey() ? "" : " (No master key is set on this gateway: its operator sets llm.keys.master-key.)");
	}

	/** The start-up warning when keys are required and nothing can identify a caller. */
	static String startupWarning() {
		return "LLM routes refuse every request (401): keys are required (llm.keys.enabled is unset or true) but no "
				+ "identity source is configured. Set llm.keys.master-key, add Spring Security, or enable "
				+ "llm.auth.trusted-header; or set llm.keys.enabled=false to open LLM routes on purpose.";
	}

	@Override
	public Mono<Identity> resolve(ServerWebExchange exchange, LlmExchange llm) {
		return Mono.error(new LlmException(LlmError.of(ErrorType.AUTHENTICATION, "missing_api_key", message)));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}
}
