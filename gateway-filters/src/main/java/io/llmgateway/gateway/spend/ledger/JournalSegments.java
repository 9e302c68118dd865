package io.llmgateway.gateway.spend.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The journal's files: {@code journal-<sequence>.log} segments in one directory, each an append-only list of ledger
 * rows as checksummed binary frames ({@link JournalCodec}; segments of earlier versions hold JSON lines, still read).
 * Reading stops at the last complete record, so a record torn by a crash is never half-read (it was never fsynced,
 * hence within the stated loss bound). Spill files of earlier versions ({@code spend-*.jsonl}, JSON lines) are
 * adopted as segments.
 */
final class JournalSegments {

	static final String PREFIX = "journal-";

	static final String SUFFIX = ".log";

	private static final String LEGACY_PREFIX = "spend-";

	private static final String LEGACY_SUFFIX = ".jsonl";

	private static final Log log = LogFactory.getLog(JournalSegments.class);

	static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final int SLOTS = 16;

	private final Path base;

	private Path dir;

	private FileChannel lockChannel;

	JournalSegments(Path dir) {
		this.base = dir;
		this.dir = dir;
	}

	Path dir() {
		return dir;
	}

	/**
	 * Takes the directory for this process (an exclusive file lock), so two instances never write the same segments.
	 * When another running instance holds it, the first free {@code slot-<n>} sub-directory is used instead: a
	 * restarted instance takes the first free slot again, so it ships what a crashed one left there.
	 */
	synchronized void lock() throws IOException {
		if (lockChannel != null) {
			return;
		}
		for (int slot = 0; slot <= SLOTS; slot++) {
			Path candidate = slot == 0 ? base : base.resolve("slot-" + slot);
			Files.createDirectories(candidate);
			FileChannel ch = FileChannel.open(candidate.resolve(".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			java.nio.channels.FileLock lock;
			try {
				lock = ch.tryLock();
			}
			catch (java.nio.channels.OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock != null) {
				lockChannel = ch;
				dir = candidate;
				if (slot > 0) {
					log.warn("Spend journal directory " + base + " is in use by another instance; using " + candidate
							+ " (give each instance its own llm.spend.journal.directory)");
				}
				return;
			}
			ch.close();
		}
		throw new IOException("every journal slot under " + base + " is in use by other instances");
	}

	/** Releases the directory. */
	synchronized void unlock() {
		if (lockChannel != null) {
			try {
				lockChannel.close();
			}
			catch (IOException ignored) {
				// released when the process ends anyway
			}
			lockChannel = null;
		}
	}

	Path path(long sequence) {
		return dir.resolve(PREFIX + String.format("%016d", sequence) + SUFFIX);
	}

	/** Segment sequences on disk, oldest first; legacy spill files are renamed into segments first. */
	List<Long> list() throws IOException {
		List<Long> sequences = new ArrayList<>();
		if (!Files.isDirectory(dir)) {
			return sequences;
		}
		List<Path> legacy = new ArrayList<>();
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
			for (Path p : ds) {
				String name = p.getFileName().toString();
				if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
					try {
						sequences.add(Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())));
					}
					catch (NumberFormatException ignored) {
						// not ours
					}
				}
				else if (name.startsWith(LEGACY_PREFIX) && name.endsWith(LEGACY_SUFFIX)) {
					legacy.add(p);
				}
			}
		}
		sequences.sort(null);
		long next = sequences.isEmpty() ? 1 : sequences.get(sequences.size() - 1) + 1;
		for (Path p : legacy) {
			Files.move(p, path(next));
			log.info("Adopted spend spill file " + p.getFileName() + " as journal segment " + next);
			sequences.add(next++);
		}
		return sequences;
	}

	long size(long sequence) {
		try {
			return Files.size(path(sequence));
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** Deletes a segment; returns its size (0 when it was already gone). */
	long delete(long sequence) {
		Path p = path(sequence);
		try {
			long size = Files.size(p);
			Files.delete(p);
			return size;
		}
		catch (NoSuchFileException ex) {
			return 0;
		}
		catch (IOException ex) {
			log.warn("Cannot delete journal segment " + p.getFileName() + ": " + ex.getMessage());
			return 0;
		}
	}

	FileChannel openForAppend(long sequence) throws IOException {
		Files.createDirectories(dir);
		return FileChannel.open(path(sequence), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND);
	}

	/**
	 * Reads up to {@code maxRows} complete records of a segment from byte {@code from}, not beyond {@code limit} (or
	 * the end of the file when negative): binary frames ({@link JournalCodec}) and, from segments of earlier versions,
	 * JSON lines. A record cut short at the end is left for later (it was never fsynced: a crash tore it); a damaged
	 * record followed by intact ones is skipped and counted in {@link Chunk#skipped}.
	 */
	Chunk read(long sequence, long from, long limit, int maxRows) throws IOException {
		List<SpendRecord> rows = new ArrayList<>(Math.min(maxRows, 1024));
		FileChannel ch;
		try {
			ch = FileChannel.open(path(sequence), StandardOpenOption.READ);
		}
		catch (NoSuchFileException ex) {
			return new Chunk(rows, from, 0);
		}
		int skipped = 0;
		long offset = from;
		try (ch) {
			long end = limit < 0 ? ch.size() : Math.min(limit, ch.size());
			JournalCodec codec = new JournalCodec();
			byte[] buf = new byte[(int) Math.min(Math.max(end - from, 0), READ_CHUNK)];
			int filled = 0;
			int pos = 0;
			long bufStart = from;
			while (rows.size() < maxRows) {
				if (pos >= filled || needsMore(buf, pos, filled, codec)) {
					// keep the unread tail, read more behind it
					long next = bufStart + filled;
					if (next >= end) {
						break;
					}
					int keep = filled - pos;
					if (keep == buf.length) {
						buf = Arrays.copyOf(buf, buf.length * 2);
					}
					System.arraycopy(buf, pos, buf, 0, keep);
					bufStart += pos;
					pos = 0;
					filled = keep;
					ByteBuffer bb = ByteBuffer.wrap(buf, filled, (int) Math.min(buf.length - filled, end - next));
					while (bb.hasRemaining()) {
						if (ch.read(bb, next + (bb.position() - filled)) < 0) {
							break;
						}
					}
					int got = bb.position() - filled;
					if (got <= 0) {
						break;
					}
					filled += got;
					continue;
				}
				byte first = buf[pos];
				if (first == '\n') {
					pos++;
					offset = bufStart + pos;
				}
				else if (first == JournalCodec.MAGIC) {
					int length = codec.frameLength(buf, pos, filled);
					if (length > 0) {
						rows.add(JournalCodec.decode(buf, pos));
						pos += length;
						offset = bufStart + pos;
					}
					else {
						// damaged: resume at the next intact frame, if any (none: a torn tail, left as it is)
						int resume = resync(buf, pos + 1, filled, codec);
						if (resume < 0) {
							break;
						}
						skipped++;
						log.warn("Skipping a damaged record of journal segment " + sequence);
						pos = resume;
						offset = bufStart + pos;
					}
				}
				else {
					int nl = indexOf(buf, (byte) '\n', pos, filled);
					if (nl < 0) {
						break;
					}
					try {
						rows.add(decode(Arrays.copyOfRange(buf, pos, nl)));
					}
					catch (JacksonException ex) {
						skipped++;
						log.warn("Skipping an unreadable line of journal segment " + sequence);
					}
					pos = nl + 1;
					offset = bufStart + pos;
				}
			}
		}
		return new Chunk(rows, offset, skipped);
	}

	private static final int READ_CHUNK = 1 << 20;

	/** True when the record at {@code pos} continues past what the buffer holds. */
	private static boolean needsMore(byte[] buf, int pos, int filled, JournalCodec codec) {
		byte first = buf[pos];
		if (first == '\n') {
			return false;
		}
		if (first == JournalCodec.MAGIC) {
			return codec.frameLength(buf, pos, filled) == 0;
		}
		return indexOf(buf, (byte) '\n', pos, filled) < 0;
	}

	private static int resync(byte[] buf, int from, int filled, JournalCodec codec) {
		for (int i = from; i < filled; i++) {
			if (buf[i] == JournalCodec.MAGIC && codec.frameLength(buf, i, filled) > 0) {
				return i;
			}
		}
		return -1;
	}

	private static int indexOf(byte[] buf, byte b, int from, int to) {
		for (int i = from; i < to; i++) {
			if (buf[i] == b) {
				return i;
			}
		}
		return -1;
	}

	static SpendRecord decode(byte[] line) {
		SpendRecord r = JSON.readValue(line, SpendRecord.class);
		// rows journalled before entry ids existed: their request id was the key (as migration V3_0 sets it)
		return r.entryId() != null ? r : r.withEntryId(r.requestId());
	}

	/** Rows read from a segment and the offset after the last complete line read. */
	record Chunk(List<SpendRecord> rows, long end, int skipped) {
	}
}
