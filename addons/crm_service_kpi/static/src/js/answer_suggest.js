odoo.define('crm_service_kpi.answer_suggest', function (require) {
    'use strict';

    // On the ticket submission page (/new/ticket): as the customer types the
    // subject or the description, ask /help/answers/suggest for published
    // answers and list them above the form ("these answers may solve it").
    var ajax = require('web.ajax');

    var DELAY = 400;
    var MIN_CHARS = 2;

    function escapeHtml(text) {
        return $('<div/>').text(text || '').html();
    }

    function init() {
        var $box = $('.o_service_answer_suggest');
        if (!$box.length) {
            return;
        }
        var $form = $('form[action="/submitted/ticket"]');
        var $list = $box.find('.o_service_answer_suggest_list');
        var limit = parseInt($box.data('limit'), 10) || 5;
        var timer = null;
        var last = null;

        function render(results) {
            $list.empty();
            if (!results || !results.length) {
                $box.addClass('hidden');
                return;
            }
            results.forEach(function (r) {
                $list.append(
                    '<a class="list-group-item o_service_answer_suggestion" target="_blank" href="' +
                    escapeHtml(r.url) + '"><strong>' + escapeHtml(r.name) + '</strong><br/>' +
                    '<span class="text-muted">' + escapeHtml(r.snippet) + '</span></a>');
            });
            $box.removeClass('hidden');
        }

        function search() {
            var query = ($form.find('input[name="subject"]').val() || '') + ' ' +
                ($form.find('textarea[name="description"]').val() || '');
            query = query.trim();
            if (query === last) {
                return;
            }
            last = query;
            if (query.length < MIN_CHARS) {
                render([]);
                return;
            }
            ajax.jsonRpc('/help/answers/suggest', 'call', {query: query, limit: limit})
                .then(function (results) {
                    if (query === last) {
                        render(results);
                    }
                });
        }

        $form.on('input', 'input[name="subject"], textarea[name="description"]', function () {
            clearTimeout(timer);
            timer = setTimeout(search, DELAY);
        });
    }

    $(init);
    return {init: init};
});
