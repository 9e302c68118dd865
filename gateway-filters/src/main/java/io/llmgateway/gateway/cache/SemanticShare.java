package io.llmgateway.gateway.cache;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * How instances share semantic entries. The answers themselves are in the {@link ResponseCache} (an entry points
 * at one by {@link CacheKey#id()}), so with the Redis backend only the vectors need sharing; with the local backend
 * there is nothing to share. Never fails: a failing backend publishes nothing and loads nothing.
 */
interface SemanticShare {

	SemanticShare NONE = new SemanticShare() {
		@Override
		public Mono<Void> publish(SemanticIndex.Entry entry, long maxPerScope) {
			return Mono.empty();
		}

		@Override
		public Mono<List<SemanticIndex.Entry>> load(String scope) {
			return Mono.empty();
		}

		@Override
		public Mono<Void> clearNamespace(String namespace) {
			return Mono.empty();
		}

		@Override
		public Mono<Void> clear() {
			return Mono.empty();
		}
	};

	/** Makes the entry visible to the other instances. */
	Mono<Void> publish(SemanticIndex.Entry entry, long maxPerScope);

	/** The scope's entries that this instance may not have seen yet (it filters those it has). */
	Mono<List<SemanticIndex.Entry>> load(String scope);

	/** Deletes the shared entries of a namespace and its sub-namespaces (the admin flush). */
	Mono<Void> clearNamespace(String namespace);

	/** Deletes every shared entry (the admin flush of everything). */
	Mono<Void> clear();
}
