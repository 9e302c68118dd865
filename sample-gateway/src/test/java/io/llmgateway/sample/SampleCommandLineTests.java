package io.llmgateway.sample;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleCommandLineTests {

	@TempDir
	Path dir;

	@Test
	void helpPrintsTheUsageAndStartsNothing() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		String[] boot = SampleCommandLine.translate(new String[] { "--server.port=1", "--help" },
				new PrintStream(out, true, StandardCharsets.UTF_8));
		assertThat(boot).isNull();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage:", "--config FILE", "OPENAI_API_KEY",
				"LLM_MASTER_KEY");
	}

	@Test
	void configAddsOneConfigurationFileAndKeepsTheOtherArguments() throws Exception {
		Path file = Files.writeString(dir.resolve("mine.yml"), "llm: {}");
		String[] boot = SampleCommandLine.translate(new String[] { "--config", file.toString(), "--server.port=9" },
				System.out);
		assertThat(boot).containsExactly("--spring.config.additional-location=file:" + file.toAbsolutePath(),
				"--server.port=9");
		assertThat(SampleCommandLine.translate(new String[] { "--config=" + file }, System.out))
			.containsExactly("--spring.config.additional-location=file:" + file.toAbsolutePath());
	}

	@Test
	void aMissingConfigFileIsNamed() {
		assertThatThrownBy(() -> SampleCommandLine.translate(new String[] { "--config", "nope.yml" }, System.out))
			.hasMessageContaining("--config nope.yml: no such file");
	}
}
