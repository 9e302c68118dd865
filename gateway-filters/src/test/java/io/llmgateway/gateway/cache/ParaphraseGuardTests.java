package io.llmgateway.gateway.cache;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParaphraseGuardTests {

	@Test
	void rewordingsPass() {
		assertThat(ParaphraseGuard.compatible("What is the capital of France?", "Which city is France's capital?"))
			.isTrue();
		assertThat(ParaphraseGuard.compatible("How do I reverse a list in Python?",
				"What's the way to reverse a Python list?")).isTrue();
		assertThat(ParaphraseGuard.compatible("Tell me a joke about cats.", "Tell me a cat joke.")).isTrue();
		assertThat(ParaphraseGuard.compatible("What's 7 times 8?", "What is seven times eight?")).isTrue();
	}

	@Test
	void differentNumbersAreRejected() {
		assertThat(ParaphraseGuard.compatible("Convert 10 miles to kilometers.", "Convert 20 miles to kilometers."))
			.isFalse();
		assertThat(ParaphraseGuard.compatible("Give me 3 ideas.", "Give me three ideas.")).isTrue();
		assertThat(ParaphraseGuard.compatible("Give me 3 ideas.", "Give me ten ideas.")).isFalse();
	}

	@Test
	void negationsAreRejected() {
		assertThat(ParaphraseGuard.compatible("Why does my code compile?", "Why doesn't my code compile?")).isFalse();
		assertThat(ParaphraseGuard.compatible("Which foods contain gluten?", "Which foods do not contain gluten?"))
			.isFalse();
	}

	@Test
	void reorderedWordsAndOneSwappedWordAreRejected() {
		assertThat(ParaphraseGuard.compatible("Convert euros to dollars.", "Convert dollars to euros.")).isFalse();
		assertThat(ParaphraseGuard.compatible("What is the capital of France?", "What is the capital of Germany?"))
			.isFalse();
		assertThat(ParaphraseGuard.compatible("Is it going to rain tomorrow in Paris?",
				"Is it going to rain today in Paris?")).isFalse();
	}

	@Test
	void whatTheVectorsDoNotCoverMustBeTheSameEnding() {
		// whole texts covered: nothing more to check
		assertThat(ParaphraseGuard.uncoveredPartsMatch("abc", 3, "xyz", 3)).isTrue();
		// the uncovered endings are equal, the covered beginnings may differ
		assertThat(ParaphraseGuard.uncoveredPartsMatch("Hello there. Same end.", 12, "Hi. Same end.", 3)).isTrue();
		assertThat(ParaphraseGuard.uncoveredPartsMatch("Hello there. End one.", 12, "Hello there. End two.", 12))
			.isFalse();
		// one text covered entirely, the other not: its uncovered part must still end the first
		assertThat(ParaphraseGuard.uncoveredPartsMatch("short", 5, "much longer text", 4)).isFalse();
		assertThat(ParaphraseGuard.uncoveredPartsMatch("a text", 6, "the text", 4)).isTrue();
	}
}
