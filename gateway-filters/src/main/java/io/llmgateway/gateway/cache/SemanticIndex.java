package io.llmgateway.gateway.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * The in-process nearest-neighbour index of the semantic cache: per scope, a list of unit vectors scanned by brute
 * force (a dot product each). For the few thousand entries a scope holds this is faster than a graph index (HNSW)
 * and exact; see docs/caching.md for the measurement. Bounded in entries overall ({@code max-entries}, least
 * recently used dropped) and per scope ({@code max-entries-per-scope}, oldest dropped), every entry expiring at its
 * own time. Thread-safe; a scan holds only its scope's lock.
 */
final class SemanticIndex {

	/**
	 * One indexed request: its vector and where its answer is stored ({@link CacheKey#id()}).
	 * @param coveredChars how many leading characters of {@code text} the vector reflects
	 */
	record Entry(String id, String scope, String answerId, String text, int coveredChars, float[] vector,
			long storedAtMillis, long expiresAtMillis) {

		/** An entry whose vector reflects the whole text. */
		Entry(String id, String scope, String answerId, String text, float[] vector, long storedAtMillis,
				long expiresAtMillis) {
			this(id, scope, answerId, text, text.length(), vector, storedAtMillis, expiresAtMillis);
		}
	}

	/** The nearest live entry of a scope and its cosine similarity. */
	record Match(Entry entry, double similarity) {
	}

	private final ConcurrentHashMap<String, Scope> scopes = new ConcurrentHashMap<>();

	/** Owns the bounds; evicting from it removes the entry from its scope. */
	private final Cache<String, Entry> entries;

	private final int maxPerScope;

	SemanticIndex(int maxEntries, int maxPerScope) {
		this.maxPerScope = maxPerScope;
		this.entries = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfter(Expiry.<String, Entry>creating(
					(id, e) -> java.time.Duration.ofMillis(Math.max(1, e.expiresAtMillis() - System.currentTimeMillis()))))
			.executor(Runnable::run)
			.removalListener((String id, Entry e, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
				if (e != null) {
					// an emptied scope is dropped so that scopes never outnumber entries
					scopes.computeIfPresent(e.scope(), (k, s) -> s.remove(e) ? null : s);
				}
			})
			.build();
	}

	/** Adds an entry unless one with its id is indexed already. */
	void add(Entry entry) {
		if (entries.asMap().putIfAbsent(entry.id(), entry) != null) {
			return;
		}
		Entry[] dropped = new Entry[1];
		scopes.compute(entry.scope(), (k, s) -> {
			Scope scope = s != null ? s : new Scope();
			dropped[0] = scope.add(entry, maxPerScope);
			return scope;
		});
		if (dropped[0] != null) {
			entries.invalidate(dropped[0].id());
		}
	}

	boolean contains(String entryId) {
		return entries.getIfPresent(entryId) != null;
	}

	void remove(Entry entry) {
		entries.invalidate(entry.id());
	}

	/**
	 * The most similar live entry of the scope whose similarity reaches {@code threshold} and that {@code accept}
	 * lets through, or null.
	 */
	Match nearest(String scope, float[] vector, double threshold, java.util.function.Predicate<Entry> accept) {
		Scope s = scopes.get(scope);
		if (s == null) {
			return null;
		}
		List<Match> candidates = s.above(vector, threshold, System.currentTimeMillis());
		candidates.sort((x, y) -> Double.compare(y.similarity(), x.similarity()));
		for (Match m : candidates) {
			if (accept.test(m.entry())) {
				return m;
			}
		}
		return null;
	}

	long size() {
		entries.cleanUp();
		return entries.estimatedSize();
	}

	/** Drops the entries of the scopes {@code matches} selects; returns how many. */
	long removeScopes(java.util.function.Predicate<String> matches) {
		long[] removed = { 0 };
		// removing through the map notifies the removal listener, which empties and drops the scopes
		entries.asMap().values().removeIf(e -> {
			boolean m = matches.test(e.scope());
			if (m) {
				removed[0]++;
			}
			return m;
		});
		return removed[0];
	}

	/** Drops every entry (the admin {@code /cache/flush}). */
	void clear() {
		entries.invalidateAll();
		scopes.clear();
	}

	/** The entries of one scope, oldest first. */
	private static final class Scope {

		private final List<Entry> list = new ArrayList<>();

		synchronized Entry add(Entry entry, int max) {
			list.add(entry);
			return list.size() > max ? list.remove(0) : null;
		}

		/** Removes the entry; true when the scope is then empty. */
		synchronized boolean remove(Entry entry) {
			list.remove(entry);
			return list.isEmpty();
		}

		synchronized List<Match> above(float[] v, double threshold, long now) {
			List<Match> out = new ArrayList<>(2);
			for (int i = 0, n = list.size(); i < n; i++) {
				Entry e = list.get(i);
				if (e.expiresAtMillis() <= now || e.vector().length != v.length) {
					continue;
				}
				double score = dot(e.vector(), v);
				if (score >= threshold) {
					out.add(new Match(e, score));
				}
			}
			return out;
		}

		/** Four independent sums: the JIT does not reorder one float sum, and four keep the multipliers busy. */
		private static double dot(float[] a, float[] b) {
			float s0 = 0;
			float s1 = 0;
			float s2 = 0;
			float s3 = 0;
			int i = 0;
			for (int n = a.length - 3; i < n; i += 4) {
				s0 += a[i] * b[i];
				s1 += a[i + 1] * b[i + 1];
				s2 += a[i + 2] * b[i + 2];
				s3 += a[i + 3] * b[i + 3];
			}
			for (; i < a.length; i++) {
				s0 += a[i] * b[i];
			}
			return (s0 + s1) + (s2 + s3);
		}
	}
}
