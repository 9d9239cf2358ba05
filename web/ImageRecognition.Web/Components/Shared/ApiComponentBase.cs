using ImageRecognition.Web.Api;
using ImageRecognition.Web.Authentication;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ImageRecognition.Web.Components.Shared;

/// <summary>Pages that call the API: an ended session leads to sign-in, a refusal becomes a readable message.</summary>
public abstract class ApiComponentBase : ComponentBase
{
    [Inject] protected AlbumsClient Api { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;

    /// <summary>Runs a call; false when it failed (the user has been told why).</summary>
    protected async Task<bool> TryAsync(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (SignInRequiredException)
        {
            var returnUrl = "/" + Navigation.ToBaseRelativePath(Navigation.Uri);
            Navigation.NavigateTo($"/authentication/signin?returnUrl={Uri.EscapeDataString(returnUrl)}", forceLoad: true);
        }
        catch (ApiException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        catch (HttpRequestException)
        {
            Snackbar.Add("The server cannot be reached right now. Try again in a moment.", Severity.Error);
        }
        return false;
    }
}
