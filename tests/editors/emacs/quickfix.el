;;; quickfix.el --- Drive offpath through eglot + flymake in Emacs batch mode  -*- lexical-binding: t -*-

;; What a user does: visit a view, `eglot-ensure', wait for flymake's diagnostic, put point on it,
;; M-x eglot-code-actions, accept the preferred action and the "edit other files?" prompt, save,
;; and watch the diagnostic go away.  Reports what it saw as JSON in $OFFPATH_RESULT; the pytest
;; side asserts on it and on the files.  Configured through the environment: OFFPATH_CMD (JSON
;; list), OFFPATH_FILE, OFFPATH_LINE (1-based), OFFPATH_CODE, OFFPATH_MESSAGE, OFFPATH_TIMEOUT
;; (seconds), OFFPATH_RESULT, OFFPATH_EVENTS (where to keep the JSON-RPC trace).
;; Batch-mode workarounds: eglot-ensure connects on `post-command-hook', and flymake's idle timer
;; never fires, so `flymake-start' is called while polling.

(require 'package)
(package-initialize)
(require 'cl-lib)
(require 'json)
(require 'eglot)
(require 'flymake)

(setq make-backup-files nil
      auto-save-default nil
      create-lockfiles nil
      eglot-autoshutdown nil
      eglot-connect-timeout 60)

(defvar offpath-report nil "Alist of what the run saw, written as JSON at the end.")
(defvar offpath-steps nil)

(defun offpath-note (key value) (setf (alist-get key offpath-report) value))
(defun offpath-step (name) (setq offpath-steps (append offpath-steps (list name))))

(defun offpath-finish (status &optional error)
  (offpath-note 'steps (vconcat offpath-steps))
  (when error (offpath-note 'error error))
  (with-temp-file (getenv "OFFPATH_RESULT")
    (insert (json-encode offpath-report)))
  (let ((server (ignore-errors (eglot-current-server))) (events (getenv "OFFPATH_EVENTS")))
    (when (and server events)  ; the JSON-RPC trace, kept as a test artefact
      (with-current-buffer (jsonrpc-events-buffer server)
        (write-region (point-min) (point-max) events nil 'silent))))
  (dolist (server (hash-table-values eglot--servers-by-project))
    (dolist (s server) (ignore-errors (eglot-shutdown s nil 5))))
  (kill-emacs status))

(defun offpath-wait (predicate timeout what)
  "Poll PREDICATE (processing server output and flymake) until it is non-nil or TIMEOUT."
  (let ((deadline (+ (float-time) timeout)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (when (bound-and-true-p flymake-mode) (flymake-start))
      (accept-process-output nil 0.05))
    (or value (error "%s within %s s" what timeout))))

(defun offpath-matching (line code &optional message)
  "Flymake diagnostics of the current buffer on LINE whose text names CODE (and reads MESSAGE)."
  (cl-remove-if-not
   (lambda (d)
     (and (= line (line-number-at-pos (flymake-diagnostic-beg d)))
          (string-match-p (regexp-quote (format "[%s]" code)) (flymake-diagnostic-text d))
          (or (null message) (string-suffix-p (concat "]: " message) (flymake-diagnostic-text d)))))
   (flymake-diagnostics)))

(defun offpath-run ()
  (let* ((cmd (append (json-parse-string (getenv "OFFPATH_CMD")) nil))
         (file (getenv "OFFPATH_FILE"))
         (line (string-to-number (getenv "OFFPATH_LINE")))
         (code (getenv "OFFPATH_CODE"))
         (message (getenv "OFFPATH_MESSAGE"))
         (timeout (string-to-number (or (getenv "OFFPATH_TIMEOUT") "30"))))
    (offpath-note 'emacs emacs-version)
    (offpath-note 'eglot (ignore-errors (package-desc-version (cadr (assq 'eglot package-alist)))))
    ;; The README's setup: offpath as the server for Python buffers.
    (add-to-list 'eglot-server-programs `((python-mode python-ts-mode) . ,cmd))
    (find-file file)
    (offpath-note 'mode (symbol-name major-mode))
    (eglot-ensure)
    (run-hooks 'post-command-hook)
    (offpath-wait #'eglot-current-server timeout "eglot did not connect")
    (offpath-step "connected")

    ;; The finding as it reads once the whole workspace is indexed (earlier publishes may know less).
    (let ((diag (car (offpath-wait (lambda () (offpath-matching line code message)) timeout
                                   (format "no %s diagnostic with the expected message on line %d"
                                           code line)))))
      (offpath-note 'diagnostic `((line . ,line)
                                  (column . ,(save-excursion (goto-char (flymake-diagnostic-beg diag))
                                                             (current-column)))
                                  (text . ,(flymake-diagnostic-text diag))
                                  (type . ,(symbol-name (flymake-diagnostic-type diag)))))
      (offpath-note 'copies (length (offpath-matching line code)))
      (offpath-step "diagnostic")
      (goto-char (flymake-diagnostic-beg diag)))

    ;; M-x eglot-code-actions (eglot 1.9's eglot-code-action-quickfix only returns the actions, it
    ;; never applies one); the menu takes its default, the preferred action, and the prompt about
    ;; editing a file that is not open is answered "y".
    (let ((last-nonmenu-event ?\r) menu prompts)
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (_prompt collection &optional _pred _req _init _hist def &rest _)
                   (setq menu (mapcar #'car collection))
                   def))
                ((symbol-function 'y-or-n-p)
                 (lambda (prompt) (push prompt prompts) t)))
        (call-interactively #'eglot-code-actions))
      (offpath-note 'actions (vconcat menu))
      (offpath-note 'prompts (vconcat (nreverse prompts))))
    (offpath-step "applied")
    (offpath-note 'modified (vconcat (sort (delq nil (mapcar (lambda (b) (and (buffer-modified-p b) (buffer-file-name b)))
                                                             (buffer-list)))
                                           #'string<)))
    (save-some-buffers t)
    (offpath-step "saved")
    (offpath-wait (lambda () (null (offpath-matching line code))) timeout
                  (format "the %s diagnostic stayed after the fix" code))
    (offpath-step "cleared")))

(condition-case err
    (progn (offpath-run) (offpath-finish 0))
  (error (offpath-finish 1 (error-message-string err))))

;;; quickfix.el ends here
