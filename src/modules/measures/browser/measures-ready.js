// Progressive enhancement for a page whose figures are being worked out; the
// page works without it (its "Refresh the page" link). Asks every few seconds
// whether the figures are ready, and shows the page again when they are.
;(() => {
  const status = document.querySelector('[data-measures-ready-url]')
  if (!status || !window.fetch) return
  const url = status.getAttribute('data-measures-ready-url')
  const poll = async () => {
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      })
      if (response.ok && (await response.json()).ready) {
        window.location.reload()
        return
      }
    } catch {
      // A missed poll is tried again.
    }
    window.setTimeout(poll, 3000)
  }
  window.setTimeout(poll, 3000)
})()
