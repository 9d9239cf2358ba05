using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace ImageRecognition.Identity.Account;

/// <summary>
/// "Sign out?" with one button: shown when a sign-out request cannot prove it comes from the user's
/// own application (no <c>id_token_hint</c>), so a link on another site cannot sign anyone out.
/// The form posts the request's parameters back with an antiforgery token.
/// </summary>
internal static class LogoutConfirmationHtml
{
    public static string Render(IEnumerable<KeyValuePair<string, string>> parameters, AntiforgeryTokenSet antiforgery)
    {
        var encoder = HtmlEncoder.Default;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Sign out - ImageRecognition</title>").Append(AccountHtml.Favicon).Append("<style>").Append(AccountHtml.Style).Append("</style></head>")
            .Append("<body>").Append(AccountHtml.AppBar).Append("<main><h1>Sign out?</h1><p>Do you want to sign out of ImageRecognition?</p>")
            .Append("<form method=\"post\" action=\"/connect/logout\">")
            .Append("<input type=\"hidden\" name=\"").Append(encoder.Encode(antiforgery.FormFieldName))
            .Append("\" value=\"").Append(encoder.Encode(antiforgery.RequestToken ?? string.Empty)).Append("\">");
        foreach (var (name, value) in parameters)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(encoder.Encode(name))
                .Append("\" value=\"").Append(encoder.Encode(value)).Append("\">");
        }

        html.Append("<button type=\"submit\">Sign out</button></form></main></body></html>");
        return html.ToString();
    }
}
