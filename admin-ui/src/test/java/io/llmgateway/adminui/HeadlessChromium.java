package io.llmgateway.adminui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's real Chromium, headless, driven through its chromedriver. When they are not installed the browser tests
 * are skipped with a message, except on CI ({@code CI=true}), where that is a failure ({@code .ci/run} installs them).
 */
final class HeadlessChromium implements AutoCloseable {

	static final Path CHROMIUM = Paths.get(System.getProperty("chromium.binary", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Paths.get(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

	static final Path SCREENSHOTS = Paths.get("target", "screenshots");

	/** Files the browser downloads (CSV exports) land here. */
	final Path downloads;

	final ChromeDriver driver;

	private final Path profile;

	private HeadlessChromium(ChromeDriver driver, Path profile, Path downloads) {
		this.driver = driver;
		this.profile = profile;
		this.downloads = downloads;
	}

	/** Starts Chromium, or skips the calling test (fails it on CI) when it is not installed. */
	static HeadlessChromium start(int width, int height) throws IOException {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!installed) {
			String message = "Chromium or chromedriver is missing (" + CHROMIUM + ", " + CHROMEDRIVER
					+ "): install them with 'apt-get install -y chromium chromium-driver'";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new AssertionError(message + " (CI=true: browser tests may not be skipped)");
			}
			Assumptions.abort(message);
		}
		Path profile = Files.createTempDirectory("console-chromium-");
		Path downloads = Files.createDirectories(Paths.get("target", "downloads").toAbsolutePath());
		ChromeOptions options = new ChromeOptions();
		options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
				"download.prompt_for_download", false));
		options.setBinary(CHROMIUM.toFile());
		// the tests wait for the elements they need; waiting for every subresource's load event as well made a click
		// that navigates time out ("Timed out receiving message from renderer") on a loaded CI machine
		options.setPageLoadStrategy(org.openqa.selenium.PageLoadStrategy.EAGER);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--disable-renderer-backgrounding", "--disable-background-timer-throttling",
				"--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
		return new HeadlessChromium(driver, profile, downloads);
	}

	void resize(int width, int height) {
		driver.manage().window().setSize(new Dimension(width, height));
	}

	/** Saves a PNG of the whole page (the window grown to its height) under {@code target/screenshots/}. */
	Path screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Dimension before = driver.manage().window().getSize();
		long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
		resize(before.getWidth(), (int) Math.min(Math.max(height + 140, before.getHeight()), 4000));
		Path target = SCREENSHOTS.resolve(name + ".png");
		Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
		resize(before.getWidth(), before.getHeight());
		return target;
	}

	@Override
	public void close() throws IOException {
		try {
			driver.quit();
		}
		finally {
			try (var files = Files.walk(profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}
}
