// Progressive enhancement for CLD imports; the pages work without it.
// On the upload form: shows how much of the file has been sent.
// On an import that is loading: follows its progress, then shows the result.
;(() => {
  const form = document.querySelector('form[data-cld-upload]')
  if (form && window.XMLHttpRequest && window.FormData) {
    form.addEventListener('submit', (event) => {
      const input = form.querySelector('input[type="file"]')
      // With no file chosen, let the server say so in its error summary.
      if (!input?.files || input.files.length === 0) return
      event.preventDefault()
      const status = document.getElementById('upload-progress')
      const button = form.querySelector('button')
      if (button) button.disabled = true
      const request = new XMLHttpRequest()
      request.open('POST', form.action)
      request.setRequestHeader('Accept', 'text/html')
      request.upload.addEventListener('progress', (progress) => {
        if (status && progress.lengthComputable) {
          status.textContent = `Uploading the file: ${Math.floor((progress.loaded / progress.total) * 100)}% sent`
        }
      })
      request.addEventListener('load', () => {
        if (request.status >= 200 && request.status < 300 && request.responseURL) {
          window.location.assign(request.responseURL)
          return
        }
        document.open()
        document.write(request.responseText)
        document.close()
      })
      request.addEventListener('error', () => {
        if (status) status.textContent = 'The file could not be sent. Check your connection and try again.'
        if (button) button.disabled = false
      })
      if (status) status.textContent = 'Uploading the file: 0% sent'
      request.send(new FormData(form))
    })
  }

  const progress = document.querySelector('[data-cld-status-url]')
  if (progress && window.fetch) {
    const url = progress.getAttribute('data-cld-status-url')
    const number = new Intl.NumberFormat('en-GB')
    const poll = async () => {
      try {
        const response = await fetch(url, {
          headers: { accept: 'application/json' },
          credentials: 'same-origin',
        })
        if (response.ok) {
          const status = await response.json()
          if (status.status !== 'loading') {
            window.location.reload()
            return
          }
          progress.textContent = `Loading: ${status.percentRead}% of the file read, ${number.format(status.rowsRead)} rows so far (${number.format(status.rowsWithProblems)} with problems).`
        }
      } catch {
        // A missed poll is tried again.
      }
      window.setTimeout(poll, 1000)
    }
    window.setTimeout(poll, 1000)
  }
})()
