package io.llmgateway.translate.sse;

/**
 * Searches in a range [from, to) of a byte array, for readers of event streams that look at frames where they lie
 * instead of decoding them into strings first.
 */
public final class Bytes {

	private Bytes() {
	}

	/** Whether the range starts with {@code prefix}. */
	public static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
		if (to - from < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (b[from + i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	/** Whether the range is exactly {@code other}. */
	public static boolean equals(byte[] b, int from, int to, byte[] other) {
		return to - from == other.length && startsWith(b, from, to, other);
	}

	/** The first index of {@code c} in the range, or -1. */
	public static int indexOf(byte[] b, int from, int to, byte c) {
		for (int i = from; i < to; i++) {
			if (b[i] == c) {
				return i;
			}
		}
		return -1;
	}

	/** The first index of {@code needle} in the range, or -1. */
	public static int indexOf(byte[] b, int from, int to, byte[] needle) {
		byte first = needle[0];
		for (int i = from, last = to - needle.length; i <= last; i++) {
			if (b[i] == first && startsWith(b, i, to, needle)) {
				return i;
			}
		}
		return -1;
	}
}
