package io.llmgateway.gateway.cache;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SemanticIndexTests {

	static final long LATER = System.currentTimeMillis() + 3_600_000;

	static SemanticIndex.Entry entry(String id, String scope, float... v) {
		return new SemanticIndex.Entry(id, scope, "ns:" + id, "text " + id, Embedder.normalize(v), 0, LATER);
	}

	@Test
	void findsTheMostSimilarEntryAboveTheThresholdInItsScopeOnly() {
		SemanticIndex index = new SemanticIndex(100, 10);
		index.add(entry("a", "s1", 1, 0, 0));
		index.add(entry("b", "s1", 1, 1, 0));
		index.add(entry("c", "s2", 1, 0.1f, 0));

		SemanticIndex.Match match = index.nearest("s1", Embedder.normalize(new float[] { 1, 0.1f, 0 }), 0.5, e -> true);
		assertThat(match.entry().id()).isEqualTo("a");
		assertThat(match.similarity()).isGreaterThan(0.99);
		assertThat(index.nearest("s1", new float[] { 0, 0, 1 }, 0.5, e -> true)).isNull();
		assertThat(index.nearest("s3", new float[] { 1, 0, 0 }, 0.5, e -> true)).isNull();
	}

	@Test
	void aRejectedCandidateGivesWayToTheNextBest() {
		SemanticIndex index = new SemanticIndex(100, 10);
		index.add(entry("a", "s", 1, 0, 0));
		index.add(entry("b", "s", 1, 0.3f, 0));

		SemanticIndex.Match match = index.nearest("s", new float[] { 1, 0, 0 }, 0.5, e -> !e.id().equals("a"));
		assertThat(match.entry().id()).isEqualTo("b");
	}

	@Test
	void boundedPerScopeOldestFirstAndOverall() {
		SemanticIndex index = new SemanticIndex(3, 2);
		index.add(entry("a", "s", 1, 0, 0));
		index.add(entry("b", "s", 0, 1, 0));
		index.add(entry("c", "s", 0, 0, 1));
		assertThat(index.contains("a")).isFalse();
		assertThat(index.nearest("s", new float[] { 1, 0, 0 }, 0.5, e -> true)).isNull();

		index.add(entry("d", "t", 1, 0, 0));
		index.add(entry("e", "u", 1, 0, 0));
		assertThat(index.size()).isLessThanOrEqualTo(3);
	}

	@Test
	void expiredEntriesNeverMatch() {
		SemanticIndex index = new SemanticIndex(100, 10);
		index.add(new SemanticIndex.Entry("old", "s", "ns:old", "t", new float[] { 1, 0 }, 0,
				System.currentTimeMillis() - 1));
		assertThat(index.nearest("s", new float[] { 1, 0 }, 0.5, e -> true)).isNull();
	}
}
