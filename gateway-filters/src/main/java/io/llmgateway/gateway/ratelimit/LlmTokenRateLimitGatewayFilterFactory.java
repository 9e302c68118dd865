package io.llmgateway.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.core.AttributeKeys;
import io.llmgateway.gateway.core.CompletionListener;
import io.llmgateway.gateway.core.ErrorWriter;
import io.llmgateway.gateway.core.FeatureLibraries;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.StreamedOutputMeter;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code LlmTokenRateLimit}: reserves the request's estimated tokens and a request slot in every applicable limit
 * before dispatch (429 in the client's protocol when one has no room), and settles the reservation with the real
 * usage when the exchange completes. Put it after {@code LlmModel} (and after {@code LlmCache}, so cache hits never
 * reach it) and before {@code LlmTranslate}.
 * <pre>
 * - LlmTokenRateLimit=key,60,10000          # by, rpm, tpm
 * - name: LlmTokenRateLimit
 *   args: { by: team+model, tpm: 100000, tpd: 2000000, max-parallel: 10, token-type: total }
 * </pre>
 */
public class LlmTokenRateLimitGatewayFilterFactory
		extends AbstractGatewayFilterFactory<LlmTokenRateLimitGatewayFilterFactory.Config> {

	/** The {@link Reservation} of the current request, under {@link LlmExchange#attributes()}. */
	public static final String RESERVATION_ATTRIBUTE = AttributeKeys.of(LlmTokenRateLimitGatewayFilterFactory.class,
			"reservation");

	private static final Log log = LogFactory.getLog(LlmTokenRateLimitGatewayFilterFactory.class);

	/** Null when the factory does not limit: then it passes requests through or, with {@link #missing}, refuses. */
	private final TokenRateLimiter limiter;

	/** The libraries whose absence makes every request refused; null otherwise. */
	private final String missing;

	public LlmTokenRateLimitGatewayFilterFactory(TokenRateLimiter limiter) {
		this(limiter, null);
	}

	private LlmTokenRateLimitGatewayFilterFactory(TokenRateLimiter limiter, String missing) {
		super(Config.class);
		this.limiter = limiter;
		this.missing = missing;
	}

	/** With {@code llm.rate-limit.enabled=false}: routes naming the filter load, and their requests are not limited. */
	public static LlmTokenRateLimitGatewayFilterFactory passThrough() {
		return new LlmTokenRateLimitGatewayFilterFactory(null, null);
	}

	/**
	 * Rate limiting is on but its backend's libraries are missing: routes naming the filter load, and every request
	 * is refused in the client's protocol (a limit must never silently vanish); the start-up log names what to add.
	 */
	public static LlmTokenRateLimitGatewayFilterFactory refusing(String missingDependencies) {
		return new LlmTokenRateLimitGatewayFilterFactory(null, missingDependencies);
	}

	@Override
	public String name() {
		return "LlmTokenRateLimit";
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("by", "rpm", "tpm");
	}

	@Override
	public GatewayFilter apply(Config config) {
		if (limiter == null) {
			return missing == null ? (exchange, chain) -> chain.filter(exchange) : refuseAll();
		}
		List<LimitSpec> routeLimits = config.toSpecs();
		return new GatewayFilter() {
			@Override
			public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
				return LlmTokenRateLimitGatewayFilterFactory.this.filter(exchange, chain, config, routeLimits);
			}

			@Override
			public String toString() {
				return "LlmTokenRateLimit" + routeLimits;
			}
		};
	}

	private Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain, Config config,
			List<LimitSpec> routeLimits) {
		LlmExchange llm = LlmExchange.get(exchange);
		if (llm == null) {
			log.debug("LlmTokenRateLimit without an LLM context (put LlmModel first); not limiting");
			return chain.filter(exchange);
		}
		if (llm.routeId() == null) {
			Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
			if (route != null) {
				llm.routeId(route.getId());
			}
		}
		RateLimitPlan plan = limiter.plan(llm, routeLimits, config.getTokenType(), config.getExpectedOutputTokens());
		return limiter.admit(plan).flatMap(decision -> {
			if (decision.headers() != null) {
				decision.headers().writeTo(exchange.getResponse().getHeaders(), llm.clientProtocol());
			}
			switch (decision.outcome()) {
				case DENIED, UNAVAILABLE -> {
					return reject(exchange, llm, decision.error());
				}
				case ADMITTED -> {
					Reservation reservation = decision.reservation();
					llm.attributes().put(RESERVATION_ATTRIBUTE, reservation);
					llm.onComplete(new Reconciler(limiter, reservation));
					if (limiter.properties().enforceOutputReservation() && llm.request() != null
							&& llm.request().maxTokens() == null && plan.expectedOutputTokens() > 0) {
						int n = llm.request().n() != null && llm.request().n() > 1 ? llm.request().n() : 1;
						llm.request().maxTokens((int) Math.min(Integer.MAX_VALUE, plan.expectedOutputTokens() / n));
					}
					if (llm.request() != null && llm.request().stream()) {
						// a stream cut before the provider reports usage is charged for what was sent
						return chain.filter(StreamedOutputMeter.install(exchange, llm, false));
					}
					return chain.filter(exchange);
				}
				default -> {
					return chain.filter(exchange);
				}
			}
		});
	}

	private GatewayFilter refuseAll() {
		FeatureLibraries.warnMissing("LlmTokenRateLimit (the local rate-limit backend)", missing,
				"routes naming LlmTokenRateLimit refuse every request (503 rate_limiter_not_installed) rather than "
						+ "admit it unlimited. Or set llm.rate-limit.backend=redis, or llm.rate-limit.enabled=false.");
		LlmError error = LlmError.of(ErrorType.UNAVAILABLE, "rate_limiter_not_installed",
				"This route is rate-limited, but the gateway's rate limiter is not installed (a library is missing: "
						+ "see the gateway's start-up log); the request is refused rather than admitted unlimited.");
		return (exchange, chain) -> ErrorWriter.write(exchange, error);
	}

	/** Writes the error in the client's protocol (with {@code Retry-After}), through the shared error writer. */
	static Mono<Void> reject(ServerWebExchange exchange, LlmExchange llm, LlmError error) {
		return ErrorWriter.write(exchange, error);
	}

	/** Settles one reservation when the exchange completes. */
	private record Reconciler(TokenRateLimiter limiter, Reservation reservation) implements CompletionListener {

		@Override
		public void onComplete(LlmExchange exchange) {
			limiter.reconcile(reservation, exchange).subscribe();
		}
	}

	/**
	 * Route arguments. The top-level fields form one limit on {@code by}; {@code limits} adds more scopes.
	 */
	public static class Config {

		private String by = "key";

		private Long rpm;

		private Long rpd;

		private Long tpm;

		private Long tpd;

		private Integer maxParallel;

		private TokenType tokenType;

		private Integer expectedOutputTokens;

		private List<LimitSpec> limits = new ArrayList<>();

		List<LimitSpec> toSpecs() {
			List<LimitSpec> out = new ArrayList<>();
			LimitSpec main = new LimitSpec(by, rpm, rpd, tpm, tpd, maxParallel);
			if (!main.isEmpty()) {
				out.add(main);
			}
			out.addAll(limits);
			return List.copyOf(out);
		}

		public String getBy() {
			return by;
		}

		public Config setBy(String by) {
			this.by = by;
			return this;
		}

		public Long getRpm() {
			return rpm;
		}

		public Config setRpm(Long rpm) {
			this.rpm = rpm;
			return this;
		}

		public Long getRpd() {
			return rpd;
		}

		public Config setRpd(Long rpd) {
			this.rpd = rpd;
			return this;
		}

		public Long getTpm() {
			return tpm;
		}

		public Config setTpm(Long tpm) {
			this.tpm = tpm;
			return this;
		}

		public Long getTpd() {
			return tpd;
		}

		public Config setTpd(Long tpd) {
			this.tpd = tpd;
			return this;
		}

		public Integer getMaxParallel() {
			return maxParallel;
		}

		public Config setMaxParallel(Integer maxParallel) {
			this.maxParallel = maxParallel;
			return this;
		}

		public TokenType getTokenType() {
			return tokenType;
		}

		public Config setTokenType(TokenType tokenType) {
			this.tokenType = tokenType;
			return this;
		}

		public Integer getExpectedOutputTokens() {
			return expectedOutputTokens;
		}

		public Config setExpectedOutputTokens(Integer expectedOutputTokens) {
			this.expectedOutputTokens = expectedOutputTokens;
			return this;
		}

		public List<LimitSpec> getLimits() {
			return limits;
		}

		public Config setLimits(List<LimitSpec> limits) {
			this.limits = limits == null ? new ArrayList<>() : new ArrayList<>(limits);
			return this;
		}
	}
}
