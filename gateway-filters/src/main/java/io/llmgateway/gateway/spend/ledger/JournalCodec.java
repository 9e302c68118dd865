package io.llmgateway.gateway.spend.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The journal's record format: one binary frame per row, written from a reused buffer without an intermediate object
 * per row. A frame is {@code MAGIC, payload length (4 bytes), payload, CRC-32C of the payload (4 bytes)}; the payload
 * is the row's fields in declaration order (strings as length and UTF-8 bytes, -1 for null; money as scale and
 * unscaled two's-complement bytes, exact). A frame cut short by a crash, or whose checksum does not match, is never
 * decoded. Lines of JSON written by earlier versions start with '{' and are still read ({@link JournalSegments}).
 */
final class JournalCodec {

	/** First byte of a frame: neither '{' (a JSON line) nor '\n'. */
	static final byte MAGIC = (byte) 0xB7;

	/** Frame bytes around the payload: magic, length, checksum. */
	static final int OVERHEAD = 1 + 4 + 4;

	private static final int VERSION = 1;

	private final CRC32C crc = new CRC32C();

	/** Appends one frame for {@code r} to {@code out}. */
	void encode(SpendRecord r, Buffer out) {
		int start = out.size;
		out.put(MAGIC);
		out.putInt(0);
		int payload = out.size;
		out.put((byte) VERSION);
		out.putString(r.requestId());
		Instant at = r.startedAt();
		out.putLong(at.getEpochSecond());
		out.putInt(at.getNano());
		out.putLong(r.durationMs());
		out.putLong(r.ttftMs() == null ? Long.MIN_VALUE : r.ttftMs());
		out.putString(r.keyId());
		out.putString(r.keyAlias());
		out.putString(r.userId());
		out.putString(r.teamId());
		out.putString(r.endUser());
		out.putString(r.modelAlias());
		out.putString(r.deploymentId());
		out.putString(r.provider());
		out.putString(r.model());
		out.putString(r.routeId());
		out.putString(r.clientProtocol());
		out.put((byte) ((r.stream() ? 1 : 0) | (r.cacheHit() ? 2 : 0) | (r.usageEstimated() ? 4 : 0)));
		out.putLong(r.inputTokens());
		out.putLong(r.outputTokens());
		out.putLong(r.cacheReadTokens());
		out.putLong(r.cacheWriteTokens());
		out.putLong(r.reasoningTokens());
		out.putDecimal(r.cost());
		out.putDecimal(r.cacheSaving());
		out.putInt(r.status());
		out.putString(r.outcome());
		out.putString(r.errorType());
		out.putInt(r.attempts());
		out.putString(r.priceSource());
		out.putString(r.priceKey());
		out.putString(r.priceVersion());
		out.putString(r.requestBody());
		out.putString(r.responseBody());
		out.putString(r.entryId());
		int length = out.size - payload;
		out.setInt(start + 1, length);
		crc.reset();
		crc.update(out.bytes, payload, length);
		out.putInt((int) crc.getValue());
	}

	/**
	 * The length of the complete, intact frame at {@code pos} (below {@code end}), 0 when it is cut short, or -1 when
	 * it is damaged (bad length or checksum).
	 */
	int frameLength(byte[] b, int pos, int end) {
		if (end - pos < 5) {
			return 0;
		}
		int length = getInt(b, pos + 1);
		if (length < 1) {
			return -1;
		}
		if ((long) end - pos < (long) length + OVERHEAD) {
			return 0;
		}
		crc.reset();
		crc.update(b, pos + 5, length);
		return (int) crc.getValue() == getInt(b, pos + 5 + length) ? length + OVERHEAD : -1;
	}

	/** Decodes the intact frame at {@code pos}. */
	static SpendRecord decode(byte[] b, int pos) {
		Reader in = new Reader(b, pos + 5);
		int version = in.get();
		if (version != VERSION) {
			throw new IllegalArgumentException("unknown journal record version " + version);
		}
		String requestId = in.string();
		Instant startedAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
		long duration = in.getLong();
		long ttft = in.getLong();
		String keyId = in.string();
		String keyAlias = in.string();
		String userId = in.string();
		String teamId = in.string();
		String endUser = in.string();
		String modelAlias = in.string();
		String deploymentId = in.string();
		String provider = in.string();
		String model = in.string();
		String routeId = in.string();
		String clientProtocol = in.string();
		int flags = in.get();
		long input = in.getLong();
		long output = in.getLong();
		long cacheRead = in.getLong();
		long cacheWrite = in.getLong();
		long reasoning = in.getLong();
		BigDecimal cost = in.decimal();
		BigDecimal saving = in.decimal();
		int status = in.getInt();
		String outcome = in.string();
		String errorType = in.string();
		int attempts = in.getInt();
		String priceSource = in.string();
		String priceKey = in.string();
		String priceVersion = in.string();
		String requestBody = in.string();
		String responseBody = in.string();
		String entryId = in.string();
		return new SpendRecord(requestId, startedAt, duration, ttft == Long.MIN_VALUE ? null : ttft, keyId, keyAlias,
				userId, teamId, endUser, modelAlias, deploymentId, provider, model, routeId, clientProtocol,
				(flags & 1) != 0, input, output, cacheRead, cacheWrite, reasoning, cost, (flags & 2) != 0, saving,
				status, outcome, errorType, attempts, priceSource, priceKey, priceVersion, requestBody, responseBody,
				(flags & 4) != 0, entryId != null ? entryId : requestId);
	}

	static int getInt(byte[] b, int i) {
		return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
	}

	/** A growable byte array, reused from one group commit to the next. */
	static final class Buffer {

		byte[] bytes;

		int size;

		Buffer(int initial) {
			bytes = new byte[initial];
		}

		void reset() {
			size = 0;
		}

		private void ensure(int more) {
			if (size + more > bytes.length) {
				bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
			}
		}

		void put(byte v) {
			ensure(1);
			bytes[size++] = v;
		}

		void putInt(int v) {
			ensure(4);
			setInt(size, v);
			size += 4;
		}

		void setInt(int at, int v) {
			bytes[at] = (byte) (v >>> 24);
			bytes[at + 1] = (byte) (v >>> 16);
			bytes[at + 2] = (byte) (v >>> 8);
			bytes[at + 3] = (byte) v;
		}

		void putLong(long v) {
			putInt((int) (v >>> 32));
			putInt((int) v);
		}

		/** Length and UTF-8 bytes; ASCII (ids, names) is copied char by char without an intermediate array. */
		void putString(String s) {
			if (s == null) {
				putInt(-1);
				return;
			}
			int n = s.length();
			ensure(4 + n);
			int at = size;
			size += 4;
			for (int i = 0; i < n; i++) {
				char c = s.charAt(i);
				if (c >= 0x80) {
					size = at;
					byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
					putInt(utf8.length);
					ensure(utf8.length);
					System.arraycopy(utf8, 0, bytes, size, utf8.length);
					size += utf8.length;
					return;
				}
				bytes[size++] = (byte) c;
			}
			setInt(at, n);
		}

		void putDecimal(BigDecimal d) {
			if (d == null) {
				put((byte) 0);
				return;
			}
			put((byte) 1);
			putInt(d.scale());
			byte[] unscaled = d.unscaledValue().toByteArray();
			putInt(unscaled.length);
			ensure(unscaled.length);
			System.arraycopy(unscaled, 0, bytes, size, unscaled.length);
			size += unscaled.length;
		}
	}

	private static final class Reader {

		private final byte[] b;

		private int pos;

		Reader(byte[] b, int pos) {
			this.b = b;
			this.pos = pos;
		}

		int get() {
			return b[pos++] & 0xff;
		}

		int getInt() {
			int v = JournalCodec.getInt(b, pos);
			pos += 4;
			return v;
		}

		long getLong() {
			return (long) getInt() << 32 | (getInt() & 0xffffffffL);
		}

		String string() {
			int n = getInt();
			if (n < 0) {
				return null;
			}
			String s = new String(b, pos, n, StandardCharsets.UTF_8);
			pos += n;
			return s;
		}

		BigDecimal decimal() {
			if (get() == 0) {
				return null;
			}
			int scale = getInt();
			int n = getInt();
			BigDecimal d = new BigDecimal(new BigInteger(b, pos, n), scale);
			pos += n;
			return d;
		}
	}
}
