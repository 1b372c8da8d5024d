// Progressive enhancement for a page whose content is being worked out (a
// measure's figures, a CLD return's check); the page works without it (its
// "Refresh the page" link). Asks its `data-ready-url` every few seconds
// whether the work is done, and shows the page again when it is.
;(() => {
  const status = document.querySelector('[data-ready-url]')
  if (!status || !window.fetch) return
  const url = status.getAttribute('data-ready-url')
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
