package io.llmgateway.sample.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /bench/jvm} (profile {@code bench} only): the process's CPU time, the bytes allocated so far by its
 * live threads, and the JIT's total compilation time. bench/shipped.sh reads it before and after each measured window and divides by the requests served,
 * which gives CPU and allocation per request without attaching a profiler. Allocation by threads that ended during
 * the window is not counted; the gateway's request threads (Netty event loops, the ledger writer) live for the whole
 * run, so what is missed is the few short-lived pool threads. The compilation time tells when the gateway is warm:
 * the shipped filter chain is a lot of code, and on one core C2 goes on compiling it for minutes, so a window measured
 * while it still compiles says more about the JIT than about the gateway.
 */
final class JvmCostProbe {

	private JvmCostProbe() {
	}

	static RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route().GET("/bench/jvm", r -> ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"cpuNanos\":" + processCpuNanos() + ",\"allocatedBytes\":" + allocatedBytes()
					+ ",\"compileMillis\":" + compileMillis() + "}"))
			.build();
	}

	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/** Total time the JIT compilers have spent so far, or -1 when the JVM does not say. */
	static long compileMillis() {
		CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
	}

	static long allocatedBytes() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		if (!(threads instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemoryEnabled()) {
			return -1;
		}
		long total = 0;
		for (long bytes : sun.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			if (bytes > 0) {
				total += bytes;
			}
		}
		return total;
	}
}
