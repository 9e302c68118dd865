package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.CompletionListener;
import io.llmgateway.gateway.core.LlmExchange;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The semantic stage of {@code LlmCache}, run after an exact miss: embeds the request's last user message on a
 * bounded worker pool (never on an event loop; when every worker is busy and the queue is full the request skips
 * the stage at once), finds the most similar entry of its scope, and answers with that entry's stored answer when
 * the similarity reaches {@code llm.cache.semantic.similarity}. A miss indexes the request once its answer is stored.
 */
public final class SemanticStage implements DisposableBean {

	private static final Log log = LogFactory.getLog(SemanticStage.class);

	/** A found answer and how similar its request was. */
	record Hit(String answerId, CachedAnswer answer, double similarity) {
	}

	private final CacheProperties.Semantic settings;

	private final Embedder embedder;

	private final SemanticIndex index;

	private final SemanticShare share;

	private final ResponseCache cache;

	private final RequestFingerprint fingerprint;

	private final ThreadPoolExecutor workers;

	SemanticStage(CacheProperties.Semantic settings, Embedder embedder, SemanticShare share, ResponseCache cache,
			RequestFingerprint fingerprint) {
		this.settings = settings;
		this.embedder = embedder;
		this.share = share;
		this.cache = cache;
		this.fingerprint = fingerprint;
		this.index = new SemanticIndex(settings.maxEntries(), settings.maxEntriesPerScope());
		BlockingQueue<Runnable> queue = settings.queue() == 0 ? new SynchronousQueue<>()
				: new ArrayBlockingQueue<>(settings.queue());
		AtomicInteger n = new AtomicInteger();
		this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 1, TimeUnit.MINUTES, queue, r -> {
			Thread t = new Thread(r, "llm-semantic-cache-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		}, new ThreadPoolExecutor.AbortPolicy());
	}

	/** The request's query, or null when it bypasses the stage (see {@link SemanticQuery#of}). */
	SemanticQuery query(io.llmgateway.translate.model.ChatRequest request, String alias, String namespace) {
		SemanticQuery query = SemanticQuery.of(request, alias, namespace, fingerprint, settings);
		return query == null ? null : query.forModel(embedder.name());
	}

	/**
	 * The embedding of the query, computed on a worker; empty when the pool is saturated, the model failed or the
	 * embedding (queueing included) took longer than {@code embedding-timeout}.
	 */
	Mono<Embedder.Embedding> embed(SemanticQuery query) {
		return Mono.defer(() -> {
			CompletableFuture<Embedder.Embedding> future;
			try {
				future = CompletableFuture.supplyAsync(() -> embedder.embedLeading(query.text()), workers);
			}
			catch (RejectedExecutionException saturated) {
				log.debug("Semantic cache workers saturated: the request skips the semantic stage");
				return Mono.empty();
			}
			return Mono.fromFuture(future, true);
		})
			.timeout(settings.embeddingTimeout(), Mono.defer(() -> {
				log.debug("Embedding took longer than " + settings.embeddingTimeout()
						+ ": the request skips the semantic stage");
				return Mono.empty();
			}))
			// continue off the worker, which is free for the next embedding as soon as this one is done
			.publishOn(Schedulers.parallel())
			.onErrorResume(ex -> {
				log.warn("Embedding failed; the request skips the semantic stage: " + ex);
				return Mono.empty();
			});
	}

	/** The stored answer of the most similar request of the scope, when similar enough; else empty. */
	Mono<Hit> find(SemanticQuery query, Embedder.Embedding embedding) {
		return share.load(query.scope())
			.doOnNext(loaded -> loaded.forEach(index::add))
			.then(Mono.defer(() -> {
				ParaphraseGuard.Features asked = ParaphraseGuard.features(query.text());
				SemanticIndex.Match match = index.nearest(query.scope(), embedding.vector(), settings.similarity(),
						e -> ParaphraseGuard.uncoveredPartsMatch(query.text(), embedding.coveredChars(), e.text(),
								e.coveredChars()) && ParaphraseGuard.compatible(asked, ParaphraseGuard.features(e.text())));
				if (match == null) {
					return Mono.empty();
				}
				return cache.get(match.entry().answerId())
					.map(answer -> new Hit(match.entry().answerId(), answer, match.similarity()))
					// the answer expired or was evicted: so is the entry
					.switchIfEmpty(Mono.fromRunnable(() -> index.remove(match.entry())));
			}));
	}

	/** Indexes the request when its answer was stored (same conditions as {@link StoreOnSuccess}). */
	CompletionListener indexOnSuccess(SemanticQuery query, Embedder.Embedding embedding, CacheKey answerKey,
			Duration ttl) {
		return (LlmExchange llm) -> {
			if (llm.completion() != Completion.SUCCESS || llm.status() != 200 || llm.error() != null
					|| llm.response() == null) {
				return;
			}
			add(query, embedding, answerKey, ttl);
		};
	}

	/** Indexes the request here and shares it. */
	void add(SemanticQuery query, Embedder.Embedding embedding, CacheKey answerKey, Duration ttl) {
		long now = System.currentTimeMillis();
		SemanticIndex.Entry entry = new SemanticIndex.Entry(UUID.randomUUID().toString(), query.scope(),
				answerKey.id(), query.text(), embedding.coveredChars(), embedding.vector(), now, now + ttl.toMillis());
		index.add(entry);
		share.publish(entry, settings.maxEntriesPerScope()).subscribe();
	}

	double threshold() {
		return settings.similarity();
	}

	long indexedEntries() {
		return index.size();
	}

	/**
	 * Forgets every entry, here and in the share (the admin {@code /cache/flush} with {@code "all": true}).
	 * @return how many entries this instance had indexed
	 */
	Mono<Long> clear() {
		return Mono.defer(() -> {
			long local = index.size();
			index.clear();
			return share.clear().thenReturn(local);
		});
	}

	/**
	 * Forgets the entries of a namespace and its sub-namespaces (scopes are {@code <namespace>:<context hash>}, named
	 * like answers), here and in the share.
	 * @return how many entries this instance had indexed there
	 */
	Mono<Long> clearNamespace(String namespace) {
		return Mono.defer(() -> {
			long local = index.removeScopes(scope -> ResponseCache.inNamespace(scope, namespace));
			return share.clearNamespace(namespace).thenReturn(local);
		});
	}

	String embedderName() {
		return embedder.name();
	}

	@Override
	public void destroy() {
		workers.shutdownNow();
	}
}
