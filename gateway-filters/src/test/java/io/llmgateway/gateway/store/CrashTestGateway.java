package io.llmgateway.gateway.store;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The gateway as a child JVM of {@link LedgerCrashTests}: configured by {@code --name=value} arguments, killed with SIGKILL. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class CrashTestGateway {

	public static void main(String[] args) {
		SpringApplication.run(CrashTestGateway.class, args);
	}
}
