package io.llmgateway.gateway.litellm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The LiteLLM config file the gateway started from: says once, at start-up, which of its keys are not honoured, and
 * reloads its models when the file changes. A reload that does not translate or validate is refused with the
 * reason (logged, and returned by {@link #reload()}) and the previous models keep serving. Settings outside
 * {@code model_list} and {@code model_group_alias} need a restart; a reload that changes them says so.
 */
public final class LiteLlmConfigFile {

	private static final Log log = LogFactory.getLog(LiteLlmConfigFile.class);

	private final Path file;

	private final Function<String, String> env;

	private final ModelRuntime runtime;

	private final LiteLlmTranslation initial;

	private byte[] digest;

	LiteLlmConfigFile(Path file, Function<String, String> env, ModelRuntime runtime, LiteLlmTranslation initial) {
		this.file = file;
		this.env = env;
		this.runtime = runtime;
		this.initial = initial;
		this.digest = digest(file);
	}

	public Path file() {
		return file;
	}

	/** What the start-up translation reported. */
	public TranslationReport report() {
		return initial.report();
	}

	void warnOnce() {
		if (!initial.report().isEmpty()) {
			log.warn(initial.report().warning(file.toString()));
		}
	}

	/** Reloads when the content changed since the last (attempted) load; called by the watcher. */
	synchronized void reloadIfChanged() {
		byte[] now = digest(file);
		if (now == null || Arrays.equals(now, digest)) {
			return;
		}
		digest = now;
		String refused = reload();
		if (refused != null) {
			log.warn("LiteLLM config " + file + " changed but was NOT applied (the previous models keep serving): "
					+ refused);
		}
	}

	/**
	 * Translates and validates the file and publishes its models.
	 * @return null when applied, else why it was refused
	 */
	public synchronized String reload() {
		LiteLlmTranslation next;
		try {
			next = LiteLlmTranslator.translate(file, env);
			runtime.setConfig(next);
		}
		catch (RuntimeException ex) {
			return ex.getMessage();
		}
		TreeSet<String> restartOnly = changedOutsideModels(initial.properties(), next.properties());
		if (!restartOnly.isEmpty()) {
			log.warn("LiteLLM config " + file + " reloaded: models applied; these changed settings need a restart: "
					+ restartOnly);
		}
		else {
			log.info("LiteLLM config " + file + " reloaded: models applied");
		}
		return null;
	}

	private static TreeSet<String> changedOutsideModels(Map<String, Object> before, Map<String, Object> after) {
		TreeSet<String> keys = new TreeSet<>(before.keySet());
		keys.addAll(after.keySet());
		keys.removeIf(k -> k.startsWith("llm.models[") || k.startsWith("llm.model.")
				|| java.util.Objects.equals(String.valueOf(before.get(k)), String.valueOf(after.get(k))));
		return keys;
	}

	private static byte[] digest(Path file) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
		}
		catch (IOException ex) {
			return null;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
