package io.llmgateway.gateway.spend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Append-only local files holding ledger rows that could not reach the database: one JSON object per line, fsynced
 * per batch. Only the ledger writer thread touches them. Files are replayed oldest first and deleted once every row
 * is in the database; a line cut by a crash is skipped (it was never acknowledged to anyone).
 */
final class SpillFiles {

	static final String PREFIX = "spend-";

	static final String SUFFIX = ".jsonl";

	private static final Log log = LogFactory.getLog(SpillFiles.class);

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Path dir;

	private final AtomicLong pendingRows = new AtomicLong();

	private FileChannel current;

	private Path currentPath;

	private long sequence;

	SpillFiles(Path dir) {
		this.dir = dir;
	}

	/** Counts the rows left by an earlier run; called once before the writer starts. */
	void scan() throws IOException {
		long rows = 0;
		for (Path f : files()) {
			try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
				rows += r.lines().filter(l -> !l.isBlank()).count();
			}
		}
		pendingRows.set(rows);
	}

	void append(List<SpendRecord> rows) throws IOException {
		if (rows.isEmpty()) {
			return;
		}
		if (current == null) {
			Files.createDirectories(dir);
			currentPath = dir.resolve(PREFIX + System.currentTimeMillis() + "-" + (sequence++) + SUFFIX);
			current = FileChannel.open(currentPath, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
					StandardOpenOption.WRITE);
		}
		StringBuilder sb = new StringBuilder(rows.size() * 512);
		for (SpendRecord r : rows) {
			sb.append(JSON.writeValueAsString(r)).append('\n');
		}
		OutputStream out = Channels.newOutputStream(current);
		out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
		current.force(false);
		pendingRows.addAndGet(rows.size());
	}

	/** Closes the file being appended so that it can be replayed; the next spill starts a new file. */
	void rotate() throws IOException {
		if (current != null) {
			current.close();
			current = null;
			currentPath = null;
		}
	}

	/** Spill files, oldest first. */
	List<Path> files() throws IOException {
		List<Path> files = new ArrayList<>();
		if (!Files.isDirectory(dir)) {
			return files;
		}
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
			ds.forEach(files::add);
		}
		files.sort((a, b) -> compareNames(a.getFileName().toString(), b.getFileName().toString()));
		return files;
	}

	/** Sorts {@code spend-<millis>-<seq>.jsonl} by millis, then sequence. */
	private static int compareNames(String a, String b) {
		long[] x = parts(a);
		long[] y = parts(b);
		return x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
	}

	private static long[] parts(String name) {
		try {
			String core = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
			int dash = core.indexOf('-');
			return new long[] { Long.parseLong(core.substring(0, dash)), Long.parseLong(core.substring(dash + 1)) };
		}
		catch (RuntimeException ex) {
			return new long[] { Long.MAX_VALUE, 0 };
		}
	}

	/** Reads one file in batches and hands each to {@code sink}; deletes the file when every batch was accepted. */
	void replay(Path file, int batchSize, BatchSink sink) throws Exception {
		if (file.equals(currentPath)) {
			rotate();
		}
		List<SpendRecord> batch = new ArrayList<>(batchSize);
		long lines = 0;
		try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			while ((line = r.readLine()) != null) {
				if (line.isBlank()) {
					continue;
				}
				lines++;
				try {
					batch.add(JSON.readValue(line, SpendRecord.class));
				}
				catch (JacksonException ex) {
					log.warn("Skipping an unreadable line of spill file " + file.getFileName());
				}
				if (batch.size() == batchSize) {
					sink.accept(batch);
					batch = new ArrayList<>(batchSize);
				}
			}
		}
		sink.accept(batch);
		Files.delete(file);
		pendingRows.addAndGet(-lines);
	}

	long pendingRows() {
		return pendingRows.get();
	}

	boolean hasPending() {
		return pendingRows.get() > 0;
	}

	void close() throws IOException {
		rotate();
	}

	/** Receives rows read back from a spill file. */
	@FunctionalInterface
	interface BatchSink {

		void accept(List<SpendRecord> batch) throws Exception;
	}
}
