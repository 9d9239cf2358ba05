using Microsoft.Playwright;

namespace Web.EndToEndTests;

/// <summary>Pictures of each page for the README, written to docs/screenshots/ in the repository.</summary>
static class Screenshots
{
    static readonly string Folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");

    public static async Task TakeAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        // Fonts and pictures loaded, no animation half-way: the picture shows the page as a person sees it.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Folder, name + ".png"),
            FullPage = true,
            Animations = ScreenshotAnimations.Disabled,
        });
    }

    static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microservices.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new DirectoryNotFoundException("The repository root (Microservices.sln) was not found.");
    }
}
