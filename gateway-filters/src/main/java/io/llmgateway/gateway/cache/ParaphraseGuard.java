package io.llmgateway.gateway.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Vetoes semantic matches that sentence embeddings cannot tell apart but that need different answers. Cosine
 * similarity of MiniLM embeddings puts "convert euros to dollars" and "convert dollars to euros" at 0.99, and
 * negations, changed numbers and one swapped word ("capital of France" / "of Germany", "minimum" / "maximum") above
 * 0.92, where true paraphrases also are. So a candidate is accepted only when, besides the similarity threshold:
 * <ul>
 * <li>both texts hold the same numbers (digits and number words), in any order;</li>
 * <li>both are negated alike (the count of {@code not}, {@code n't}, {@code no}, {@code never}, {@code without}... is
 * equal);</li>
 * <li>one is not the other's words in another order ("euros to dollars" / "dollars to euros", "is Paris north of
 * London" / "is London north of Paris");</li>
 * <li>they do not differ by exactly one content word on each side (a swapped entity, day, antonym...).</li>
 * </ul>
 * The evaluation in docs/caching.md measures what this costs in recall. Stateless and thread-safe.
 */
final class ParaphraseGuard {

	private static final Set<String> STOP = Set.of("a", "an", "the", "is", "are", "was", "were", "be", "do", "does",
			"did", "i", "me", "my", "you", "your", "we", "our", "it", "its", "of", "in", "on", "at", "for", "to", "by",
			"with", "and", "or", "what", "what's", "whats", "which", "who", "how", "can", "could", "would", "should",
			"will", "please", "tell", "give", "there", "that", "this", "about", "from", "as", "way", "s", "hi", "hello",
			"some", "any", "much", "many", "get", "make", "have", "has", "one's", "explain", "let", "us", "if");

	private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "without", "none", "nobody", "nothing",
			"nor", "neither", "cannot", "cant");

	private static final Map<String, String> NUMBER_WORDS = new HashMap<>();

	static {
		String[] words = { "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
				"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
				"twenty" };
		for (int i = 0; i < words.length; i++) {
			NUMBER_WORDS.put(words[i], Integer.toString(i));
		}
		NUMBER_WORDS.put("hundred", "100");
		NUMBER_WORDS.put("thousand", "1000");
		NUMBER_WORDS.put("million", "1000000");
		NUMBER_WORDS.put("first", "1");
		NUMBER_WORDS.put("second", "2");
		NUMBER_WORDS.put("third", "3");
	}

	/** The parts of one text the guard compares. */
	record Features(List<String> numbers, int negations, List<String> content, List<String> sortedWords) {
	}

	static Features features(String text) {
		List<String> numbers = new ArrayList<>();
		List<String> content = new ArrayList<>();
		List<String> words = new ArrayList<>();
		int negations = 0;
		String lower = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
		for (String raw : lower.split("[^\\p{L}\\p{N}'.]+")) {
			String w = raw.replaceAll("^[.']+|[.']+$", "");
			if (w.isEmpty()) {
				continue;
			}
			words.add(w);
			if (w.endsWith("n't")) {
				negations++;
				continue;
			}
			if (NEGATIONS.contains(w)) {
				negations++;
				continue;
			}
			if (Character.isDigit(w.charAt(0))) {
				numbers.add(w.replaceAll("(st|nd|rd|th)$", "").replace(",", ""));
				continue;
			}
			String n = NUMBER_WORDS.get(w);
			if (n != null) {
				numbers.add(n);
				continue;
			}
			if (w.endsWith("'s")) {
				w = w.substring(0, w.length() - 2);
			}
			if (STOP.contains(w)) {
				continue;
			}
			content.add(w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.substring(0, w.length() - 1) : w);
		}
		numbers.sort(null);
		words.sort(null);
		return new Features(numbers, negations, content, words);
	}

	/** True when nothing in the two texts says they need different answers. */
	static boolean compatible(String a, String b) {
		return compatible(features(a), features(b));
	}

	static boolean compatible(Features a, Features b) {
		if (!a.numbers().equals(b.numbers()) || a.negations() != b.negations()) {
			return false;
		}
		List<String> onlyA = minus(a.content(), b.content());
		List<String> onlyB = minus(b.content(), a.content());
		if (onlyA.isEmpty() && onlyB.isEmpty()) {
			// the same content words: a paraphrase, unless one text is exactly the other's words reordered
			return a.content().equals(b.content()) || !a.sortedWords().equals(b.sortedWords());
		}
		return !(onlyA.size() == 1 && onlyB.size() == 1);
	}

	/**
	 * For texts a model embedded by their leading part only ({@code covered} characters): true when everything either
	 * vector does not reflect is one common ending of both texts. Otherwise two long texts that differ only after the
	 * model's window would look identical.
	 */
	static boolean uncoveredPartsMatch(String a, int coveredA, String b, int coveredB) {
		int uncovered = Math.max(a.length() - coveredA, b.length() - coveredB);
		if (uncovered <= 0) {
			return true;
		}
		if (uncovered > Math.min(a.length(), b.length())) {
			return false;
		}
		return a.regionMatches(a.length() - uncovered, b, b.length() - uncovered, uncovered);
	}

	private static List<String> minus(List<String> from, List<String> remove) {
		List<String> out = new ArrayList<>(from);
		for (String r : remove) {
			out.remove(r);
		}
		return out;
	}
}
