using Microsoft.JSInterop;

namespace ImageRecognition.Web.Browser;

/// <summary>The UI's own script (wwwroot/web.js), imported once per circuit.</summary>
public sealed class BrowserScript(IJSRuntime js) : IAsyncDisposable
{
    Task<IJSObjectReference>? _module;

    public Task<IJSObjectReference> ModuleAsync() =>
        _module ??= js.InvokeAsync<IJSObjectReference>("import", "./_content/ImageRecognition.Web/web.js").AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_module is { IsCompletedSuccessfully: true })
        {
            try
            {
                await (await _module).DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone; so is the module.
            }
        }
    }
}
