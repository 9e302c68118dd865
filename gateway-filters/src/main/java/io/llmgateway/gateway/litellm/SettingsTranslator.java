package io.llmgateway.gateway.litellm;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code litellm_settings}, {@code router_settings} and {@code general_settings} → {@code llm.*} (and
 * {@code spring.data.redis.*}, {@code spring.datasource.*}) properties. Every key is either mapped, or named in the
 * report; router settings win over the same key in {@code litellm_settings}, as in LiteLLM.
 */
final class SettingsTranslator {

	private static final Map<String, String> RETRY_CLASSES = Map.of("BadRequestErrorRetries", "bad-request",
			"AuthenticationErrorRetries", "auth", "TimeoutErrorRetries", "timeout", "RateLimitErrorRetries",
			"rate-limit", "ContentPolicyViolationErrorRetries", "content-policy", "InternalServerErrorRetries",
			"server-error", "ContextWindowExceededErrorRetries", "context-window");

	private static final Set<String> ERROR_ALERTS = Set.of("llm_exceptions", "outage_alerts", "region_outage_alerts");

	private static final Set<String> LATENCY_ALERTS = Set.of("llm_too_slow", "llm_requests_hanging");

	private static final Set<String> BUDGET_ALERTS = Set.of("budget_alerts");

	/** Deployment defaults that settings sections give (applied to entries that do not set them). */
	final Map<String, Object> deploymentDefaults = new LinkedHashMap<>();

	private final Map<String, Object> props;

	private final TranslationReport report;

	private final Function<String, String> env;

	private final Map<String, Set<String>> callbackEvents = new LinkedHashMap<>();

	private int limits;

	private int budgets;

	SettingsTranslator(Map<String, Object> props, TranslationReport report, Function<String, String> env) {
		this.props = props;
		this.report = report;
		this.env = env;
	}

	void litellm(Map<String, Object> s) {
		for (Map.Entry<String, Object> e : s.entrySet()) {
			String key = "litellm_settings." + e.getKey();
			Object v = e.getValue();
			if (v == null) {
				continue;
			}
			switch (e.getKey()) {
				case "drop_params" -> props.put("llm.drop-params", Values.bool(v));
				case "num_retries" -> props.put("llm.router.num-retries", Values.integer(v, key));
				case "request_timeout" -> deploymentDefaults.put("timeout", Values.seconds(v, key));
				case "default_fallbacks" -> list("llm.router.default-fallbacks", v, key);
				case "context_window_fallbacks" -> fallbacks("llm.router.context-window-fallbacks", v, key);
				case "content_policy_fallbacks" -> fallbacks("llm.router.content-policy-fallbacks", v, key);
				case "fallbacks" -> fallbacks("llm.router.fallbacks", v, key);
				case "cache" -> {
					props.put("llm.cache.enabled", Values.bool(v));
					report.differs(key, "cache entries are scoped per key/team by default (LiteLLM shares them"
							+ " between all keys); set llm.cache.namespace=shared for LiteLLM's behaviour");
				}
				case "cache_params" -> cacheParams(Values.map(v, key));
				case "success_callback" -> callbacks(v, key, "success");
				case "failure_callback" -> callbacks(v, key, "failure");
				case "callbacks" -> callbacks(v, key, "success", "failure");
				case "json_logs" -> props.put("llm.observe.access-log", true);
				case "turn_off_message_logging" -> {
					if (Values.bool(v)) {
						props.put("llm.observe.log-prompts", false);
						props.put("llm.spend.store-prompts", false);
					}
				}
				case "max_end_user_budget" -> budget("end-user", v, s.get("max_end_user_budget_duration"), key);
				case "max_internal_user_budget" ->
					budget("user", v, s.get("internal_user_budget_duration"), key);
				case "max_end_user_budget_duration", "internal_user_budget_duration" -> {
				}
				case "max_budget", "budget_duration" -> report.unsupported(key, "the gateway has no proxy-wide budget;"
						+ " use budgets per key, team, user or end user (llm.spend.budgets, /key/generate max_budget)");
				case "telemetry" -> {
					// the gateway sends no telemetry anywhere
				}
				default -> report.unsupported(key);
			}
		}
	}

	void router(Map<String, Object> s) {
		for (Map.Entry<String, Object> e : s.entrySet()) {
			String key = "router_settings." + e.getKey();
			Object v = e.getValue();
			if (v == null) {
				continue;
			}
			switch (e.getKey()) {
				case "routing_strategy" -> props.put("llm.router.strategy", Values.string(v));
				case "routing_strategy_args" -> Values.map(v, key).forEach((k, a) -> {
					if (k.equals("lowest_latency_buffer")) {
						props.put("llm.router.latency-buffer", Values.decimal(a, key + "." + k));
					}
					else {
						report.unsupported(key + "." + k);
					}
				});
				case "num_retries" -> props.put("llm.router.num-retries", Values.integer(v, key));
				case "retry_policy" -> Values.map(v, key).forEach((k, n) -> {
					String cls = RETRY_CLASSES.get(k);
					if (cls == null) {
						report.unsupported(key + "." + k);
					}
					else {
						props.put("llm.router.retry-policy." + cls, Values.integer(n, key + "." + k));
					}
				});
				case "retry_after" -> props.put("llm.router.retry-backoff", Values.seconds(v, key));
				case "allowed_fails" -> props.put("llm.router.allowed-fails", Values.integer(v, key));
				case "allowed_fails_policy" -> report.unsupported(key, "one allowed_fails applies to every error"
						+ " class (429, 401, 404 and 408 cool a deployment down at once, as in LiteLLM)");
				case "cooldown_time" -> props.put("llm.router.cooldown", Values.seconds(v, key));
				case "disable_cooldowns" -> {
					if (Values.bool(v)) {
						props.put("llm.router.cooldown", "0ms");
					}
				}
				case "timeout" -> deploymentDefaults.put("timeout", Values.seconds(v, key));
				case "stream_timeout" -> {
					deploymentDefaults.put("stream-timeout", Values.seconds(v, key));
					report.differs(key, "the gateway's stream-timeout is the longest silence between two chunks");
				}
				case "fallbacks" -> fallbacks("llm.router.fallbacks", v, key);
				case "default_fallbacks" -> list("llm.router.default-fallbacks", v, key);
				case "context_window_fallbacks" -> fallbacks("llm.router.context-window-fallbacks", v, key);
				case "content_policy_fallbacks" -> fallbacks("llm.router.content-policy-fallbacks", v, key);
				case "max_fallbacks" -> props.put("llm.router.max-fallbacks", Values.integer(v, key));
				case "model_group_alias" -> aliases(Values.map(v, key), key);
				case "redis_host" -> redis("host", v);
				case "redis_port" -> redis("port", v);
				case "redis_password" -> redis("password", v);
				case "redis_url" -> redisUrl(Values.string(v), key);
				case "enable_pre_call_checks" -> {
					// context windows (model_info.max_input_tokens) are always checked before the call
				}
				case "cache_responses" -> props.put("llm.cache.enabled", Values.bool(v));
				default -> report.unsupported(key);
			}
		}
	}

	void general(Map<String, Object> s) {
		for (Map.Entry<String, Object> e : s.entrySet()) {
			String key = "general_settings." + e.getKey();
			Object v = e.getValue();
			if (v == null) {
				continue;
			}
			switch (e.getKey()) {
				case "master_key" -> props.put("llm.keys.master-key", Values.string(v));
				case "database_url" -> DatabaseUrls.put(Values.string(v), key, props);
				case "database_connection_pool_limit" ->
					props.put("llm.datasource.maximum-pool-size", Values.integer(v, key));
				case "alerting" -> alerting(Values.strings(v, key), key);
				case "alerting_threshold" -> {
					props.put("llm.observe.alerts.latency.p99", Values.seconds(v, key));
					report.differs(key, "alerts when the p99 request duration over 5 minutes exceeds it (LiteLLM:"
							+ " each request slower than it)");
				}
				case "alert_types" -> alertTypes(Values.strings(v, key), key);
				case "disable_spend_logs" -> props.put("llm.spend.ledger.enabled", !Values.bool(v));
				case "max_parallel_requests" ->
					deploymentDefaults.put("max-parallel", Values.integer(v, key));
				case "global_max_parallel_requests" -> {
					props.put("llm.rate-limit.limits[" + limits + "].by", "global");
					props.put("llm.rate-limit.limits[" + limits++ + "].max-parallel", Values.integer(v, key));
				}
				case "store_model_in_db" -> {
					// models added with /model/new are always stored in the gateway's database
				}
				case "background_health_checks" -> props.put("llm.router.health.enabled", Values.bool(v));
				case "health_check_interval" -> props.put("llm.router.health.interval", Values.seconds(v, key));
				default -> report.unsupported(key);
			}
		}
	}

	/** Writes the webhooks collected from the callback lists. */
	void finish() {
		int i = 0;
		for (Map.Entry<String, Set<String>> c : callbackEvents.entrySet()) {
			props.put("llm.observe.callbacks[" + i + "].url", c.getKey());
			props.put("llm.observe.callbacks[" + i + "].events", String.join(",", c.getValue()));
			String headers = env.apply("GENERIC_LOGGER_HEADERS");
			if (headers != null && c.getKey().equals(env.apply("GENERIC_LOGGER_ENDPOINT"))) {
				for (String h : headers.split(",")) {
					int eq = h.indexOf('=');
					if (eq > 0) {
						props.put("llm.observe.callbacks[" + i + "].headers[" + h.substring(0, eq).trim() + "]",
								h.substring(eq + 1).trim());
					}
				}
			}
			i++;
		}
	}

	private void cacheParams(Map<String, Object> p) {
		for (Map.Entry<String, Object> e : p.entrySet()) {
			String key = "litellm_settings.cache_params." + e.getKey();
			Object v = e.getValue();
			if (v == null) {
				continue;
			}
			switch (e.getKey()) {
				case "type" -> {
					String type = Values.string(v);
					if (type.equals("local") || type.equals("redis")) {
						props.put("llm.cache.backend", type);
					}
					else {
						report.unsupported(key + "=" + type, "only local and redis caches are supported");
					}
				}
				case "ttl", "default_in_memory_ttl", "default_in_redis_ttl" ->
					props.put("llm.cache.ttl", Values.seconds(v, key));
				case "namespace" -> props.put("llm.cache.redis.key-prefix", Values.string(v) + ":");
				case "host" -> redis("host", v);
				case "port" -> redis("port", v);
				case "password" -> redis("password", v);
				case "supported_call_types" -> report.differs(key, "the cache applies where a route has the LlmCache"
						+ " filter (chat completions and messages in the sample)");
				default -> report.unsupported(key);
			}
		}
	}

	private void callbacks(Object v, String key, String... events) {
		for (String name : Values.strings(v, key)) {
			String url = null;
			if (name.startsWith("http://") || name.startsWith("https://")) {
				url = name;
			}
			else if (name.equals("generic_api") || name.equals("generic") || name.equals("webhook")) {
				url = env.apply("GENERIC_LOGGER_ENDPOINT");
				if (url == null) {
					throw new IllegalStateException(key + ": the " + name + " callback needs the environment"
							+ " variable GENERIC_LOGGER_ENDPOINT, which is not set");
				}
			}
			else if (name.equals("prometheus")) {
				continue;
			}
			else if (name.equals("otel") || name.equals("opentelemetry")) {
				props.put("llm.observe.tracing", true);
				report.differs(key + ": " + name, "traces go through Micrometer Tracing (add an OpenTelemetry bridge"
						+ " and management.otlp.tracing.endpoint)");
				continue;
			}
			else {
				report.unsupported(key + ": " + name);
				continue;
			}
			URI.create(url);
			callbackEvents.computeIfAbsent(url, u -> new LinkedHashSet<>()).addAll(List.of(events));
		}
	}

	private void alerting(List<String> channels, String key) {
		for (String channel : channels) {
			if (channel.equals("slack")) {
				String url = env.apply("SLACK_WEBHOOK_URL");
				if (url == null) {
					throw new IllegalStateException(key + ": slack alerting needs the environment variable"
							+ " SLACK_WEBHOOK_URL, which is not set");
				}
				props.put("llm.observe.alerts.webhook-url", url);
			}
			else {
				report.unsupported(key + ": " + channel);
			}
		}
	}

	private void alertTypes(List<String> types, String key) {
		boolean errors = false;
		boolean latency = false;
		for (String t : types) {
			if (ERROR_ALERTS.contains(t)) {
				errors = true;
			}
			else if (LATENCY_ALERTS.contains(t)) {
				latency = true;
			}
			else if (!BUDGET_ALERTS.contains(t)) {
				report.unsupported(key + ": " + t);
			}
		}
		props.put("llm.observe.alerts.error-rate.enabled", errors);
		props.put("llm.observe.alerts.latency.enabled", latency);
		if (errors) {
			report.differs(key + ": llm_exceptions", "alerts when the share of 5xx failures over 5 minutes exceeds"
					+ " llm.observe.alerts.error-rate.threshold (LiteLLM: each exception)");
		}
	}

	private void budget(String scope, Object max, Object duration, String key) {
		String at = "llm.spend.budgets[" + budgets++ + "]";
		props.put(at + ".scope", scope);
		props.put(at + ".id", "*");
		props.put(at + ".max-budget", Values.decimal(max, key).toPlainString());
		props.put(at + ".period", duration == null ? "total" : Values.string(duration));
	}

	private void redis(String what, Object v) {
		props.put("spring.data.redis." + what, Values.string(v));
		// LiteLLM shares usage counters and cooldowns through the router's Redis
		props.putIfAbsent("llm.rate-limit.backend", "redis");
	}

	private void redisUrl(String url, String key) {
		URI uri = URI.create(url);
		if (uri.getHost() == null) {
			throw new IllegalStateException(key + " must look like redis://[:password@]host:port");
		}
		redis("host", uri.getHost());
		redis("port", uri.getPort() > 0 ? uri.getPort() : 6379);
		String info = uri.getUserInfo();
		if (info != null && !info.isEmpty()) {
			redis("password", info.contains(":") ? info.substring(info.indexOf(':') + 1) : info);
		}
	}

	private void aliases(Map<String, Object> aliases, String key) {
		List<String> hidden = new ArrayList<>();
		aliases.forEach((alias, target) -> {
			String group;
			if (target instanceof Map<?, ?> m) {
				Map<String, Object> t = Values.map(m, key + "." + alias);
				group = Values.string(t.get("model"));
				if (Values.bool(t.getOrDefault("hidden", false))) {
					hidden.add(alias);
				}
			}
			else {
				group = Values.string(target);
			}
			props.put("llm.model.aliases[" + alias + "]", group);
		});
		for (int i = 0; i < hidden.size(); i++) {
			props.put("llm.model.hidden-aliases[" + i + "]", hidden.get(i));
		}
	}

	private void list(String prefix, Object v, String key) {
		List<String> items = Values.strings(v, key);
		for (int i = 0; i < items.size(); i++) {
			props.put(prefix + "[" + i + "]", items.get(i));
		}
	}

	/** LiteLLM writes {@code [{group: [a, b]}, ...]}; a plain mapping is accepted too. */
	private void fallbacks(String prefix, Object v, String key) {
		List<Object> entries = v instanceof Map<?, ?> ? List.of(v) : Values.list(v, key);
		for (Object entry : entries) {
			Values.map(entry, key).forEach((group, targets) -> list(prefix + "[" + group + "]", targets, key));
		}
	}
}
