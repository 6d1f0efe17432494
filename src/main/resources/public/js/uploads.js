// rich-files: one upload (POST /api/uploads, the raw bytes), with progress and cancel.
// XMLHttpRequest, not fetch: only it reports upload progress. Same-origin, so the session
// cookie goes with it, and the browser adds the Origin header the server checks.

import { ApiError } from './api.js';

/** @returns {{promise: Promise<object>, abort: () => void}} the promise gives the server's Attachment */
export function upload(file, onProgress = () => {}) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', '/api/uploads?name=' + encodeURIComponent(file.name || 'file'));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { data = null; }
      if (xhr.status === 201 && data?.upload) resolve(data.upload);
      else reject(new ApiError(xhr.status, data?.error?.code || 'http_' + xhr.status, data?.error?.message));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'aborted'));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
