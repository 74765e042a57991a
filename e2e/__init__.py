"""Browser journeys: real headless Chromium through Playwright, checked with axe-core."""
