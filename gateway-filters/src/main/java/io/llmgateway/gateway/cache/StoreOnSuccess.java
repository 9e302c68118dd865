package io.llmgateway.gateway.cache;

import java.time.Duration;

import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.CompletionListener;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.model.ChatResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Stores the answer of a cache miss when, and only when, it reached the client whole: completed successfully,
 * status 200, no error (also none in-band), and assembled by the dispatcher. Errors, cut streams and cancelled
 * exchanges are never stored.
 */
final class StoreOnSuccess implements CompletionListener {

	private static final Log log = LogFactory.getLog(StoreOnSuccess.class);

	private final ResponseCache cache;

	private final CachedAnswerCodec codec;

	private final CacheKey key;

	private final Duration ttl;

	private final long maxEntryBytes;

	StoreOnSuccess(ResponseCache cache, CachedAnswerCodec codec, CacheKey key, Duration ttl, long maxEntryBytes) {
		this.cache = cache;
		this.codec = codec;
		this.key = key;
		this.ttl = ttl;
		this.maxEntryBytes = maxEntryBytes;
	}

	@Override
	public void onComplete(LlmExchange llm) {
		ChatResponse response = llm.response();
		if (llm.completion() != Completion.SUCCESS || llm.status() != 200 || llm.error() != null
				|| response == null) {
			return;
		}
		long now = System.currentTimeMillis();
		byte[] json = codec.toJson(response, now);
		if (json.length > maxEntryBytes) {
			if (log.isDebugEnabled()) {
				log.debug("Not caching request " + llm.requestId() + ": answer of " + json.length
						+ " bytes exceeds the maximum entry size " + maxEntryBytes);
			}
			return;
		}
		cache.put(key.id(), new CachedAnswer(response, now, json.length), json, ttl).subscribe();
	}
}
