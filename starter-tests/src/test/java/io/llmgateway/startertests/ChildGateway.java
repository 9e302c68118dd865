package io.llmgateway.startertests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link PlainGatewayApplication} in its own JVM, with a classpath written by the build
 * ({@code target/app-classpath.txt}: the starter without any of its optional libraries), its own empty working
 * directory and its output in a file, so tests can see exactly what a user's application would: which libraries it
 * needs, which files it creates, what it logs.
 */
final class ChildGateway implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	final int port;

	final Path workDir;

	final Path log;

	private final Process process;

	private ChildGateway(int port, Path workDir, Path log, Process process) {
		this.port = port;
		this.workDir = workDir;
		this.log = log;
		this.process = process;
	}

	/** Starts the application with these {@code --name=value} arguments and waits until it is ready. */
	static ChildGateway start(String classpathFile, List<String> args) throws Exception {
		String cp = Files.readString(Path.of("target", classpathFile)).trim() + java.io.File.pathSeparator
				+ Path.of("target", "classes").toAbsolutePath();
		Path workDir = Files.createTempDirectory("starter-guest-");
		Path log = Files.createTempFile("starter-guest-", ".log");
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xshare:auto", "-cp", cp, PlainGatewayApplication.class.getName(), "--server.port=" + port,
				"--server.address=127.0.0.1"));
		command.addAll(args);
		Process process = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		ChildGateway gateway = new ChildGateway(port, workDir, log, process);
		long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
		while (!gateway.output().contains("Started PlainGatewayApplication")) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				String out = gateway.output();
				gateway.close();
				throw new AssertionError("the gateway did not start; its output:\n" + out);
			}
			Thread.sleep(200);
		}
		return gateway;
	}

	static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	String output() {
		try {
			return Files.readString(log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.GET();
		headers.forEach(b::header);
		return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> post(String path, String json, Map<String, String> headers) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		headers.forEach(b::header);
		return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() throws Exception {
		process.destroy();
		if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
		}
	}
}
