// geogen Geo admin console: small enhancements over pages that work
// without script. Copy buttons, and a refresh of the bulk jobs and the
// list while a job runs.
(function () {
  'use strict';

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-copy]');
    if (!button) {
      return;
    }
    var text = button.getAttribute('data-copy');
    var done = function (label) {
      var old = button.textContent;
      button.textContent = label;
      setTimeout(function () { button.textContent = old; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done('Copied'); }, function () { done('Select and copy'); });
      return;
    }
    // Without the clipboard API (plain http), select the value instead.
    var code = button.previousElementSibling;
    if (code) {
      var range = document.createRange();
      range.selectNodeContents(code);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      done('Selected: press Ctrl+C');
    }
  });

  // While a bulk job runs, fetch the page again every two seconds and
  // swap in the jobs section and the list, until no job runs.
  var regions = ['bulk-jobs', 'list-region'];
  function refresh() {
    var jobs = document.getElementById('bulk-jobs');
    if (!jobs || jobs.getAttribute('data-refresh') !== 'running') {
      return;
    }
    setTimeout(function () {
      fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
        .then(function (response) {
          if (!response.ok) { throw new Error('status ' + response.status); }
          return response.text();
        })
        .then(function (html) {
          var next = new DOMParser().parseFromString(html, 'text/html');
          regions.forEach(function (id) {
            var now = document.getElementById(id);
            var fresh = next.getElementById(id);
            if (now && fresh) {
              now.replaceWith(document.importNode(fresh, true));
            }
          });
          refresh();
        })
        .catch(function () { setTimeout(refresh, 5000); });
    }, 2000);
  }
  document.addEventListener('DOMContentLoaded', refresh);
}());
