package io.llmgateway.gateway.observe;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

import io.llmgateway.gateway.core.CacheStatus;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Usage;

/**
 * What observability reports about one finished exchange, derived once from {@link LlmExchange} so that meters,
 * spans, the access log and callbacks agree. Durations are in nanoseconds, {@code -1} when the phase did not happen.
 *
 * @param alias the model group served, or {@code unknown} when the alias did not resolve
 * @param provider the provider of the last attempt, or {@code none} (cache hit, rejected before dispatch)
 * @param deployment the deployment id of the last attempt, or {@code none}
 * @param statusClass {@code 2xx}, {@code 4xx}, {@code 5xx}, ... or {@code none} when no status was sent
 * @param outcome {@code success}, {@code failed} or {@code cancelled}
 * @param errorType the canonical error class in lower case, or {@code none}
 * @param totalNanos received until done
 * @param upstreamNanos time spent waiting on providers, all attempts
 * @param overheadNanos the gateway's own time: total minus upstream
 * @param ttftNanos received until the first byte went to the client
 * @param timePerOutputTokenNanos generation time per output token after the first, for successful answers
 */
public record RequestSummary(String requestId, Instant receivedAt, String operation, String routeId,
		String requestedModel, String alias, String provider, String providerModel, String deployment, int status,
		String statusClass, String outcome, String errorType, LlmError error, String cache, boolean stream,
		Identity identity, Usage usage, BigDecimal cost, BigDecimal cacheSaving, int attempts, int retries,
		boolean fallbackUsed, long totalNanos, long upstreamNanos, long overheadNanos, long ttftNanos,
		long upstreamFirstByteNanos, long timePerOutputTokenNanos) {

	static final String NONE = "none";

	// the names below are per-request strings: computed once instead of lower-cased or concatenated each time
	private static final String[] STATUS_CLASSES = { "1xx", "2xx", "3xx", "4xx", "5xx" };

	private static final String[] COMPLETIONS = lowerCaseNames(Completion.values());

	private static final String[] CACHE = lowerCaseNames(CacheStatus.values());

	private static final String[] ERROR_TYPES = lowerCaseNames(ErrorType.values());

	public static RequestSummary of(LlmExchange llm) {
		Deployment d = llm.deployment();
		LlmError error = llm.error();
		Completion completion = llm.completion() == null ? Completion.SUCCESS : llm.completion();
		int status = llm.status() != 0 ? llm.status() : (error != null ? error.status() : 0);
		long received = llm.receivedNanos();
		long done = llm.doneNanos() != 0 ? llm.doneNanos() : System.nanoTime();
		long total = Math.max(0, done - received);
		long upstream = Math.min(total, Math.max(0, llm.upstreamNanos()));
		long ttft = llm.firstClientByteNanos() > 0 ? Math.max(0, llm.firstClientByteNanos() - received) : -1;
		long upstreamTtfb = llm.firstUpstreamByteNanos() > 0 && llm.upstreamSentNanos() > 0
				? Math.max(0, llm.firstUpstreamByteNanos() - llm.upstreamSentNanos()) : -1;
		Usage usage = llm.usage() == null ? Usage.ZERO : llm.usage();
		boolean stream = llm.request() != null && llm.request().stream();
		long tpot = -1;
		if (completion == Completion.SUCCESS && usage.outputTokens() > 0) {
			if (stream && llm.firstClientByteNanos() > 0 && usage.outputTokens() > 1) {
				tpot = Math.max(0, done - llm.firstClientByteNanos()) / (usage.outputTokens() - 1);
			}
			else if (!stream && upstream > 0) {
				tpot = upstream / usage.outputTokens();
			}
		}
		CacheStatus cache = llm.cacheStatus() == null ? CacheStatus.NONE : llm.cacheStatus();
		return new RequestSummary(llm.requestId(), llm.receivedAt(), operation(llm.clientProtocol()),
				orNone(llm.routeId()), llm.requestedModel(),
				llm.group() != null ? llm.group().name() : "unknown", d != null ? orNone(d.provider()) : NONE,
				d != null ? d.model() : null, d != null ? orNone(d.id()) : NONE, status, statusClass(status),
				COMPLETIONS[completion.ordinal()], errorType(error), error,
				cacheName(cache, llm), stream, llm.identity(), usage, llm.cost(), llm.cacheSaving(),
				llm.attempts().size(), Math.max(0, llm.attempts().size() - 1), llm.fallbackUsed(), total, upstream, total - upstream, ttft,
				upstreamTtfb, tpot);
	}

	/** {@code hit_semantic} for a hit answered by a paraphrase, so metrics count it apart from exact hits. */
	static String cacheName(CacheStatus cache, LlmExchange llm) {
		return cache == CacheStatus.HIT && llm.cacheSimilarity() != null ? "hit_semantic" : CACHE[cache.ordinal()];
	}

	public boolean succeeded() {
		return "success".equals(outcome);
	}

	/** True for failures the gateway or a provider caused (5xx), as opposed to the caller (4xx) or a cancel. */
	public boolean serverError() {
		return "failed".equals(outcome) && status >= 500;
	}

	public boolean rejectedBy(ErrorType type) {
		return error != null && error.type() == type;
	}

	static String operation(Protocol protocol) {
		return protocol == Protocol.OPENAI_EMBEDDINGS ? "embeddings" : "chat";
	}

	static String statusClass(int status) {
		return status < 100 || status > 599 ? NONE : STATUS_CLASSES[status / 100 - 1];
	}

	private static String errorType(LlmError error) {
		return error == null ? NONE : errorType(error.type());
	}

	/** The error type as meters, spans and logs name it: lower case, {@code none} for null. */
	static String errorType(ErrorType type) {
		return type == null ? NONE : ERROR_TYPES[type.ordinal()];
	}

	private static String[] lowerCaseNames(Enum<?>[] values) {
		String[] names = new String[values.length];
		for (int i = 0; i < values.length; i++) {
			names[i] = values[i].name().toLowerCase(Locale.ROOT);
		}
		return names;
	}

	private static String orNone(String value) {
		return value == null || value.isBlank() ? NONE : value;
	}
}
