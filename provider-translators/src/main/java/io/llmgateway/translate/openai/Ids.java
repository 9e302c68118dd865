package io.llmgateway.translate.openai;

import java.util.concurrent.ThreadLocalRandom;

/** Short random ids for synthesized completions and tool calls; not security tokens. */
final class Ids {

	private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

	private Ids() {
	}

	static String random() {
		ThreadLocalRandom r = ThreadLocalRandom.current();
		char[] c = new char[24];
		for (int i = 0; i < c.length; i++) {
			c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
		}
		return new String(c);
	}
}
