using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Web.EndToEndTests;

/// <summary>
/// Near duplicates as a person meets them: nothing to review at first, then copies uploaded (kite-progressive.jpg is
/// kite.jpg saved again, dog.png is dog.jpg at half the size), "Similar photos" on a photo page, the Duplicates page
/// with the copy to keep marked, and removing the extras of one group and then of all, each after a confirmation.
/// </summary>
public sealed partial class UserJourneyTests
{
    [Fact]
    public async Task Copies_of_a_photo_are_shown_as_similar_and_their_extras_removed_from_the_duplicates_page()
    {
        await using var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        await SignUpAsync(page, $"dups-{Guid.NewGuid():N}@example.com", screenshots: false);
        await page.GetByRole(AriaRole.Link, new() { Name = "Duplicates", Exact = true }).ClickAsync();
        await Expect(page.Locator(".duplicates-empty")).ToContainTextAsync("No duplicates.");
        await Screenshots.TakeAsync(page, "duplicates-empty");

        await page.GetByRole(AriaRole.Link, new() { Name = "Albums" }).ClickAsync();
        await CreateAlbumAsync(page, "Trip");
        string[] files = ["kite.jpg", "kite-progressive.jpg", "dog.jpg", "dog.png", "giraffe.jpg"];
        await page.Locator("#photo-input").SetInputFilesAsync(
            files.Select(f => new FilePayload { Name = f, MimeType = f.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg", Buffer = TestImages.Bytes(f) }));
        var timeout = new LocatorAssertionsToBeAttachedOptions { Timeout = (float)Processing.TotalMilliseconds };
        foreach (var file in files)
        {
            await Expect(page.Locator($"[data-photo='{file}'] [data-status='Succeeded']")).ToBeAttachedAsync(timeout);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Open kite.jpg" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("kite.jpg");
        var similar = page.Locator(".similar-photos");
        await Expect(similar.GetByRole(AriaRole.Heading, new() { Name = "Similar photos" })).ToBeVisibleAsync();
        await Expect(similar.Locator("li")).ToHaveCountAsync(1);
        await Expect(similar.Locator("[data-photo='kite-progressive.jpg'] img")).ToBeVisibleAsync();
        await Expect(similar.Locator("[data-photo='kite-progressive.jpg'] .similar-detail")).ToHaveTextAsync(new Regex("^Trip · 676 × 450 · .+ KB$"));
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await Screenshots.TakeAsync(page, "photo-similar");

        await page.GetByRole(AriaRole.Link, new() { Name = "Duplicates", Exact = true }).ClickAsync();
        await WaitUntilInteractiveAsync(page);
        var groups = page.Locator(".duplicate-group");
        await Expect(groups).ToHaveCountAsync(2);
        await Expect(page.Locator(".duplicates-count")).ToHaveTextAsync(new Regex("^2 groups of copies, 2 extras \\(.+\\) that can go\\.$"));
        var dogGroup = page.Locator(".duplicate-group[data-keep='dog.jpg']"); // the larger copy is the one to keep
        await Expect(dogGroup.Locator("li.keep[data-photo='dog.jpg'] .copy-badge")).ToHaveTextAsync("Keep");
        await Expect(dogGroup.Locator("li.extra[data-photo='dog.png'] .copy-detail")).ToContainTextAsync("Trip · 384 × 288");
        await Expect(page.Locator("[data-photo='giraffe.jpg']")).ToHaveCountAsync(0);
        await Expect(page.Locator(".duplicate-group img").First).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "duplicates");

        // One group: Escape keeps everything, confirming removes the extra only.
        var removeDog = dogGroup.GetByRole(AriaRole.Button, new() { Name = "Remove the extras of dog.jpg" });
        await removeDog.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("'dog.jpg' in Trip stays");
        await Expect(page.Locator(".confirm-cancel")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(groups).ToHaveCountAsync(2);
        await removeDog.ClickAsync();
        await page.Locator(".confirm-action").ClickAsync();
        await Expect(page.GetByText("1 extra removed.")).ToBeVisibleAsync();
        await Expect(groups).ToHaveCountAsync(1);

        // Then all that are left.
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove all extras" }).ClickAsync();
        await page.Locator(".confirm-action").ClickAsync();
        await Expect(page.Locator(".duplicates-empty")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Albums" }).ClickAsync();
        await Expect(page.Locator("[data-album='Trip'] .photo-count")).ToHaveTextAsync("3 photos");
    }
}
