using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Identity.FunctionalTests;

/// <summary>What a browser does with the account pages: keeps cookies, shows redirects, posts forms.</summary>
public static partial class Browser
{
    public static HttpClient Open(WebApplicationFactory<TestHostProgram> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Loads a page with a form, then posts the form with its antiforgery token and the given fields.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient browser, string pageUrl, string formAction, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync(pageUrl);
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = AntiforgeryField().Match(page).Groups[1].Value,
        };
        using var content = new FormUrlEncodedContent(form);
        return await browser.PostAsync(formAction, content);
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient browser, string email, string returnUrl) =>
        browser.SubmitFormAsync(
            "/account/signin?returnUrl=" + Uri.EscapeDataString(returnUrl),
            "/account/signin",
            new() { ["email"] = email, ["password"] = IdentityClient.Password, ["returnUrl"] = returnUrl });

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
