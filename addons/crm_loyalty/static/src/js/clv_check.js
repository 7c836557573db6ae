odoo.define('crm_loyalty.clv_check', function (require) {
"use strict";

/**
 * The customer value model check on the loyalty program form: the JSON of
 * crm.loyalty.program.clv_check (rules/clv.py holdout_check) drawn as two
 * SVG charts:
 *  - cumulative repeat purchases week by week, actual and expected, with a
 *    line where the holdout period starts;
 *  - mean repeat purchases per customer in the holdout period, predicted
 *    and actual, by number of repeat purchases in the calibration period,
 *    with the same figures as a table.
 * Read-only (the figures are computed by the recompute).
 */

var AbstractField = require('web.AbstractField');
var core = require('web.core');
var fieldRegistry = require('web.field_registry');

var _t = core._t;

var W = 640, H = 260, PAD = {left: 56, right: 16, top: 28, bottom: 44};
var COLORS = {actual: '#1f77b4', expected: '#ff7f0e'};

function esc(text) {
    return _.escape(String(text));
}

function scale(domainMax, rangeFrom, rangeTo) {
    var max = domainMax > 0 ? domainMax : 1;
    return function (v) { return rangeFrom + (rangeTo - rangeFrom) * v / max; };
}

function legend(x, y) {
    return '<g class="o_clv_legend">' +
        '<rect x="' + x + '" y="' + (y - 9) + '" width="12" height="4" fill="' + COLORS.actual + '"/>' +
        '<text x="' + (x + 16) + '" y="' + y + '">' + esc(_t("Actual")) + '</text>' +
        '<rect x="' + (x + 90) + '" y="' + (y - 9) + '" width="12" height="4" fill="' + COLORS.expected + '"/>' +
        '<text x="' + (x + 106) + '" y="' + y + '">' + esc(_t("Model")) + '</text></g>';
}

function axes(maxY, xLabel, yLabel) {
    var y = scale(maxY, H - PAD.bottom, PAD.top);
    var out = ['<line x1="' + PAD.left + '" y1="' + (H - PAD.bottom) + '" x2="' + (W - PAD.right) +
               '" y2="' + (H - PAD.bottom) + '" stroke="#888"/>',
               '<line x1="' + PAD.left + '" y1="' + PAD.top + '" x2="' + PAD.left + '" y2="' +
               (H - PAD.bottom) + '" stroke="#888"/>'];
    for (var i = 0; i <= 4; i++) {
        var v = maxY * i / 4;
        out.push('<text x="' + (PAD.left - 6) + '" y="' + (y(v) + 4).toFixed(1) +
                 '" text-anchor="end" font-size="11">' + esc(v >= 100 ? Math.round(v) : v.toFixed(1)) +
                 '</text>');
    }
    out.push('<text x="' + ((PAD.left + W - PAD.right) / 2) + '" y="' + (H - 8) +
             '" text-anchor="middle" font-size="12">' + esc(xLabel) + '</text>');
    out.push('<text transform="translate(14,' + ((PAD.top + H - PAD.bottom) / 2) +
             ') rotate(-90)" text-anchor="middle" font-size="12">' + esc(yLabel) + '</text>');
    return out.join('');
}

/**
 * @param {Object[]} weekly {period, actual, expected, calibration}
 * @returns {String} SVG
 */
function trackingChart(weekly) {
    var maxY = _.max(_.map(weekly, function (w) { return Math.max(w.actual, w.expected); }));
    var x = scale(weekly.length, PAD.left, W - PAD.right);
    var y = scale(maxY, H - PAD.bottom, PAD.top);
    var line = function (key) {
        return _.map(weekly, function (w) {
            return x(w.period).toFixed(1) + ',' + y(w[key]).toFixed(1);
        }).join(' ');
    };
    var split = _.filter(weekly, function (w) { return w.calibration; }).length;
    var out = ['<svg class="o_clv_chart o_clv_tracking" viewBox="0 0 ' + W + ' ' + H +
               '" width="100%" role="img" aria-label="' +
               esc(_t("Cumulative repeat purchases, actual and predicted by the model")) + '">',
               '<text x="' + PAD.left + '" y="16" font-weight="bold" font-size="13">' +
               esc(_t("Cumulative repeat purchases, week by week")) + '</text>',
               axes(maxY, _t("Weeks since the first purchase"), _t("Repeat purchases"))];
    if (split && split < weekly.length) {
        var sx = x(split).toFixed(1);
        out.push('<line x1="' + sx + '" y1="' + PAD.top + '" x2="' + sx + '" y2="' +
                 (H - PAD.bottom) + '" stroke="#999" stroke-dasharray="4,3"/>');
        out.push('<text x="' + (+sx - 4) + '" y="' + (H - PAD.bottom - 6) +
                 '" text-anchor="end" font-size="11">' +
                 esc(_t("holdout: predicted, not fitted")) + ' &#8594;</text>');
    }
    out.push('<polyline fill="none" stroke="' + COLORS.actual + '" stroke-width="2" points="' +
             line('actual') + '"/>');
    out.push('<polyline fill="none" stroke="' + COLORS.expected +
             '" stroke-width="2" stroke-dasharray="6,3" points="' + line('expected') + '"/>');
    var step = Math.max(1, Math.ceil(weekly.length / 8));
    for (var week = step; week <= weekly.length; week += step) {
        out.push('<text x="' + x(week).toFixed(1) + '" y="' + (H - PAD.bottom + 14) +
                 '" text-anchor="middle" font-size="11">' + esc(week) + '</text>');
    }
    out.push(legend(PAD.left + 12, PAD.top + 12));
    out.push('</svg>');
    return out.join('');
}

/**
 * @param {Object[]} groups {repeat, or_more, customers, predicted, actual}
 * @returns {String} SVG
 */
function groupsChart(groups) {
    var maxY = _.max(_.map(groups, function (g) { return Math.max(g.actual, g.predicted); }));
    var y = scale(maxY, H - PAD.bottom, PAD.top);
    var band = (W - PAD.left - PAD.right) / groups.length;
    var out = ['<svg class="o_clv_chart o_clv_groups" viewBox="0 0 ' + W + ' ' + H +
               '" width="100%" role="img" aria-label="' +
               esc(_t("Repeat purchases in the holdout period per customer, actual and predicted")) + '">',
               '<text x="' + PAD.left + '" y="16" font-weight="bold" font-size="13">' +
               esc(_t("Holdout purchases per customer, by past repeat purchases")) + '</text>',
               axes(maxY, _t("Repeat purchases in the calibration period"),
                    _t("Per customer"))];
    _.each(groups, function (g, i) {
        var x0 = PAD.left + i * band + band * 0.15, bw = band * 0.33;
        _.each([['actual', 0], ['predicted', 1]], function (spec) {
            var v = g[spec[0]];
            out.push('<rect x="' + (x0 + spec[1] * bw).toFixed(1) + '" y="' + y(v).toFixed(1) +
                     '" width="' + bw.toFixed(1) + '" height="' + (H - PAD.bottom - y(v)).toFixed(1) +
                     '" fill="' + (spec[1] ? COLORS.expected : COLORS.actual) + '"><title>' +
                     esc(v.toFixed(2)) + '</title></rect>');
        });
        out.push('<text x="' + (x0 + bw).toFixed(1) + '" y="' + (H - PAD.bottom + 14) +
                 '" text-anchor="middle" font-size="11">' + esc(g.repeat + (g.or_more ? '+' : '')) +
                 '</text>');
    });
    out.push(legend(W - 220, PAD.top + 12));
    out.push('</svg>');
    return out.join('');
}

/**
 * The figures of the groups chart as a table (readable without the chart).
 *
 * @param {Object[]} groups {repeat, or_more, customers, predicted, actual}
 * @returns {String} HTML
 */
function groupsTable(groups) {
    var rows = _.map(groups, function (g) {
        return '<tr><td>' + esc(g.repeat + (g.or_more ? '+' : '')) + '</td>' +
            '<td class="text-right">' + esc(g.customers) + '</td>' +
            '<td class="text-right">' + esc(g.predicted.toFixed(2)) + '</td>' +
            '<td class="text-right">' + esc(g.actual.toFixed(2)) + '</td></tr>';
    });
    return '<table class="table table-condensed o_clv_check_table"><thead><tr>' +
        '<th>' + esc(_t("Repeat purchases (calibration)")) + '</th>' +
        '<th class="text-right">' + esc(_t("Customers")) + '</th>' +
        '<th class="text-right">' + esc(_t("Predicted per customer")) + '</th>' +
        '<th class="text-right">' + esc(_t("Actual per customer")) + '</th>' +
        '</tr></thead><tbody>' + rows.join('') + '</tbody></table>';
}

var ClvCheck = AbstractField.extend({
    className: 'o_clv_check',
    supportedFieldTypes: ['text'],

    _render: function () {
        var check = {};
        try {
            check = JSON.parse(this.value || '{}');
        } catch (e) {
            check = {};
        }
        if (!check.weekly || !check.groups) {
            this.$el.html('<p class="text-muted">' + esc(check.error ?
                _t("The model check needs a longer history: it compares a prediction with weeks the model did not see.") :
                _t("No model check yet.")) + '</p>');
            return;
        }
        // one chart per line: readable axes in the form's sheet
        this.$el.html('<div style="max-width: 760px;">' + trackingChart(check.weekly) +
                      groupsChart(check.groups) + groupsTable(check.groups) + '</div>');
    },
});

fieldRegistry.add('crm_loyalty_clv_check', ClvCheck);

return {ClvCheck: ClvCheck, trackingChart: trackingChart, groupsChart: groupsChart,
        groupsTable: groupsTable};
});
