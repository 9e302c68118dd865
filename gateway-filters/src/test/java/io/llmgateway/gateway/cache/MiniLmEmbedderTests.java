package io.llmgateway.gateway.cache;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MiniLmEmbedderTests {

	static final MiniLmEmbedder embedder = new MiniLmEmbedder();

	static final String SENTENCE = "Our support team needs a short answer about the refund policy for annual plans "
			+ "bought through a reseller in another country, including taxes and the time limits that apply. ";

	@Test
	void embedsLikeTheArtifactsOwnModelClass() {
		AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
		for (String text : new String[] { "What is the capital of France?", "héllo 🙂 wörld, café naïve über",
				SENTENCE + SENTENCE }) {
			float[] ours = embedder.embed(text);
			float[] theirs = reference.embed(text).content().vector();
			assertThat(ours).hasSize(384);
			assertThat(cosine(ours, theirs)).as(text).isCloseTo(1.0, within(1e-5));
		}
	}

	@Test
	void aLongTextIsEmbeddedByItsLeadingPartAndSaysWhereThatPartEnds() {
		String shortText = "What is the capital of France?";
		assertThat(embedder.embedLeading(shortText).coveredChars()).isEqualTo(shortText.length());
		assertThat(embedder.embedLeading(shortText + "   ").coveredChars()).isEqualTo(shortText.length() + 3);

		String head = SENTENCE.repeat(6);
		Embedder.Embedding a = embedder.embedLeading(head + "Answer in English.");
		Embedder.Embedding b = embedder.embedLeading(head + "Answer in German.");

		// the endings lie beyond the model's window: the vectors cannot tell the texts apart...
		assertThat(a.coveredChars()).isLessThan(head.length()).isGreaterThan(400);
		assertThat(b.coveredChars()).isEqualTo(a.coveredChars());
		assertThat(cosine(a.vector(), b.vector())).isCloseTo(1.0, within(1e-6));
		// ...so the stage requires what they do not cover to be the same
		assertThat(ParaphraseGuard.uncoveredPartsMatch(head + "Answer in English.", a.coveredChars(),
				head + "Answer in German.", b.coveredChars())).isFalse();
		String reworded = "our SUPPORT team" + (head + "Answer in English.").substring("Our support team".length());
		assertThat(ParaphraseGuard.uncoveredPartsMatch(head + "Answer in English.", a.coveredChars(), reworded,
				embedder.embedLeading(reworded).coveredChars())).isTrue();
	}

	static double cosine(float[] a, float[] b) {
		double dot = 0;
		double na = 0;
		double nb = 0;
		for (int i = 0; i < a.length; i++) {
			dot += a[i] * b[i];
			na += a[i] * a[i];
			nb += b[i] * b[i];
		}
		return dot / Math.sqrt(na * nb);
	}
}
