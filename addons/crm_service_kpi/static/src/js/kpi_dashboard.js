odoo.define('crm_service_kpi.dashboard', function (require) {
"use strict";

/**
 * KPI dashboard: service, sales and marketing KPI tiles of a period with
 * target, attainment and trend against the previous period of the same
 * length, monthly charts, filters (period, helpdesk team, employee, sales
 * team) and a click from every tile to the records behind its figure.
 *
 * Client action tag: crm_service_kpi.dashboard. Data from
 * crm.service.kpi.dashboard.get_dashboard_data (one RPC per load).
 */

var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var field_utils = require('web.field_utils');
var session = require('web.session');
var Widget = require('web.Widget');

var QWeb = core.qweb;
var _t = core._t;

/**
 * The period choices (labels translated when called).
 *
 * @returns {Object[]} {code, label}
 */
function periodPresets() {
    return [
        {code: 'this_month', label: _t("This month")},
        {code: 'last_month', label: _t("Last month")},
        {code: 'this_quarter', label: _t("This quarter")},
        {code: 'last_12_months', label: _t("Last 12 months")},
        {code: 'custom', label: _t("Custom dates")},
    ];
}

/**
 * First and last day (YYYY-MM-DD) of a preset period.
 *
 * @param {string} code
 * @param {moment} today
 * @returns {Object|null} {dateFrom, dateTo}
 */
function presetDates(code, today) {
    var t = today.clone().startOf('day');
    var from, to;
    switch (code) {
        case 'this_month':
            from = t.clone().startOf('month');
            to = t;
            break;
        case 'last_month':
            from = t.clone().subtract(1, 'months').startOf('month');
            to = from.clone().endOf('month');
            break;
        case 'this_quarter':
            from = t.clone().startOf('quarter');
            to = t;
            break;
        case 'last_12_months':
            from = t.clone().subtract(12, 'months').add(1, 'days');
            to = t;
            break;
        default:
            return null;
    }
    return {dateFrom: from.format('YYYY-MM-DD'), dateTo: to.format('YYYY-MM-DD')};
}

/**
 * The comparison period of each preset: the same days of the previous month
 * or quarter (this quarter so far is a quarter also in its first month).
 */
var PRESET_COMPARISON = {
    this_month: 'month',
    last_month: 'month',
    this_quarter: 'quarter',
    last_12_months: 'days',
};

/**
 * Whether a figure is missing: the server sends False (Odoo's "no value",
 * XML-RPC safe); null and undefined are missing too. 0 is a value.
 *
 * @param {*} value
 * @returns {boolean}
 */
function isMissing(value) {
    return value === null || value === undefined || value === false;
}

/**
 * A figure as text in its unit; "No data" when null.
 *
 * @param {number|null} value
 * @param {string} unit count, hours, days, pct, score, amount
 * @param {Object} currency {symbol, position}
 * @param {boolean} signed prefix positive values with "+"
 * @returns {string}
 */
function formatFigure(value, unit, currency, signed) {
    if (value === null || value === undefined || value === false) {
        return _t("No data");
    }
    var digits = unit === 'count' ? 0 : (unit === 'amount' ? 0 : (unit === 'score' ? 2 : 1));
    var text = field_utils.format.float(Math.abs(value), null, {digits: [16, digits]});
    if (value < 0) {
        text = '-' + text;
    } else if (signed && value > 0) {
        text = '+' + text;
    }
    switch (unit) {
        case 'hours':
            return _.str.sprintf(_t("%s h"), text);
        case 'days':
            return _.str.sprintf(_t("%s days"), text);
        case 'pct':
            return text + '\u00a0%';
        case 'amount':
            if (currency && currency.symbol) {
                return currency.position === 'before' ?
                    currency.symbol + '\u00a0' + text : text + '\u00a0' + currency.symbol;
            }
            return text;
        default:
            return text;
    }
}

/**
 * An SVG line chart of monthly values (null: no data, a gap), scaled by
 * its viewBox to the width of its container.
 *
 * @param {string[]} months YYYY-MM
 * @param {Array<number|null>} values
 * @param {string} unit
 * @param {Object} currency
 * @returns {string} SVG markup
 */
function lineChart(months, values, unit, currency) {
    var W = 360, H = 150, left = 8, right = 8, top = 18, bottom = 22;
    var known = _.filter(values, function (v) { return !isMissing(v); });
    var esc = _.escape;
    var svg = ['<svg class="o_kpi_svg" viewBox="0 0 ' + W + ' ' + H + '" role="img" ' +
               'preserveAspectRatio="xMidYMid meet">'];
    var y0 = H - bottom;
    svg.push('<line class="o_kpi_axis" x1="' + left + '" y1="' + y0 + '" x2="' + (W - right) +
             '" y2="' + y0 + '"/>');
    var step = (W - left - right) / Math.max(months.length, 1);
    var x = function (i) { return left + step * (i + 0.5); };
    _.each(months, function (month, i) {
        if (months.length <= 6 || i % 2 === (months.length - 1) % 2) {
            svg.push('<text class="o_kpi_month" x="' + x(i).toFixed(1) + '" y="' + (H - 6) +
                     '" text-anchor="middle">' + esc(moment(month, 'YYYY-MM').format('MMM')) +
                     '</text>');
        }
    });
    if (!known.length) {
        svg.push('<text class="o_kpi_nodata" x="' + (W / 2) + '" y="' + (H / 2) +
                 '" text-anchor="middle">' + esc(_t("No data")) + '</text></svg>');
        return svg.join('');
    }
    var min = Math.min(0, _.min(known)), max = Math.max(_.max(known), 0);
    if (max === min) {
        max = min + 1;
    }
    var y = function (v) { return top + (H - top - bottom) * (1 - (v - min) / (max - min)); };
    if (min < 0) {
        svg.push('<line class="o_kpi_zero" x1="' + left + '" y1="' + y(0).toFixed(1) + '" x2="' +
                 (W - right) + '" y2="' + y(0).toFixed(1) + '"/>');
    }
    var segment = [];
    var flush = function () {
        if (segment.length > 1) {
            svg.push('<polyline class="o_kpi_line" points="' + segment.join(' ') + '"/>');
        }
        segment = [];
    };
    _.each(values, function (v, i) {
        if (isMissing(v)) {
            flush();
            return;
        }
        segment.push(x(i).toFixed(1) + ',' + y(v).toFixed(1));
    });
    flush();
    _.each(values, function (v, i) {
        if (!isMissing(v)) {
            svg.push('<circle class="o_kpi_point" cx="' + x(i).toFixed(1) + '" cy="' +
                     y(v).toFixed(1) + '" r="3"><title>' +
                     esc(moment(months[i], 'YYYY-MM').format('MMMM YYYY') + ': ' +
                         formatFigure(v, unit, currency)) + '</title></circle>');
        }
    });
    // the scale: highest value at the top, lowest (or 0) at the bottom
    svg.push('<text class="o_kpi_scale" x="' + left + '" y="' + (top - 6) + '">' +
             esc(formatFigure(_.max(known), unit, currency)) + '</text>');
    svg.push('<text class="o_kpi_scale" x="' + left + '" y="' + (y0 - 3) + '">' +
             esc(formatFigure(min, unit, currency)) + '</text>');
    svg.push('</svg>');
    return svg.join('');
}

var KpiDashboard = Widget.extend(ControlPanelMixin, {
    template: 'crm_service_kpi.Dashboard',
    xmlDependencies: ['/crm_service_kpi/static/src/xml/kpi_dashboard.xml'],
    events: {
        'change .o_kpi_dash_preset': '_onPresetChange',
        'change .o_kpi_dash_date_from, .o_kpi_dash_date_to': '_onDatesChange',
        'change .o_kpi_dash_team, .o_kpi_dash_user, .o_kpi_dash_sales_team': '_onScopeChange',
        'click .o_kpi_tile_link': '_onOpenTile',
        'keydown .o_kpi_tile_link': '_onTileKeydown',
        'click .o_kpi_tile_help': '_onToggleHelp',
        'click .o_kpi_dash_pivot': '_onOpenPivot',
        'click .o_kpi_dash_graph': '_onOpenGraph',
    },

    /**
     * @override
     * @param {Widget} parent the action manager
     * @param {Object} action the client action
     */
    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.action = action;
        this.action_manager = parent;
        this.presets = periodPresets();
        var dates = presetDates('this_month', moment());
        this.filters = {
            preset: 'this_month',
            dateFrom: dates.dateFrom,
            dateTo: dates.dateTo,
            teamId: '',
            userId: '',
            salesTeamId: '',
        };
        this.data = null;
        this.requestSeq = 0;
    },
    /**
     * @override
     */
    willStart: function () {
        return $.when(this._super.apply(this, arguments), this._load());
    },
    /**
     * @override
     */
    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            self._updateControlPanel();
            self._render();
        });
    },
    /**
     * Back through the breadcrumbs: filters and figures are kept.
     *
     * @override
     */
    do_show: function () {
        this._super.apply(this, arguments);
        this._updateControlPanel();
    },
    /**
     * On a phone, the app's left sub-menu would leave the tiles too narrow:
     * the LESS hides it while this action is on screen.
     *
     * @override
     */
    on_attach_callback: function () {
        $('body').addClass('o_kpi_dash_shown');
    },
    /**
     * @override
     */
    on_detach_callback: function () {
        $('body').removeClass('o_kpi_dash_shown');
    },
    /**
     * @override
     */
    destroy: function () {
        $('body').removeClass('o_kpi_dash_shown');
        this._super.apply(this, arguments);
    },

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    /**
     * @private
     * @param {string} value
     * @returns {number[]|null}
     */
    _ids: function (value) {
        var id = parseInt(value, 10);
        return id ? [id] : null;
    },
    /**
     * Fetch the figures of the current filters.
     *
     * @private
     * @returns {Deferred}
     */
    _load: function () {
        var self = this;
        var seq = ++this.requestSeq;
        this.$el && this.$el.addClass('o_kpi_dash_loading');
        return this._rpc({
            model: 'crm.service.kpi.dashboard',
            method: 'get_dashboard_data',
            args: [this.filters.dateFrom, this.filters.dateTo],
            kwargs: {
                team_ids: this._ids(this.filters.teamId),
                user_ids: this._ids(this.filters.userId),
                sales_team_ids: this._ids(this.filters.salesTeamId),
                comparison: PRESET_COMPARISON[this.filters.preset] || false,
                context: session.user_context,
            },
        }).then(function (data) {
            if (seq === self.requestSeq) {
                self.data = data;
            }
        }).always(function () {
            if (seq === self.requestSeq && self.$el) {
                self.$el.removeClass('o_kpi_dash_loading');
            }
        });
    },
    /**
     * @private
     * @returns {Deferred}
     */
    _reload: function () {
        var self = this;
        return this._load().then(function () {
            self._render();
        });
    },
    /**
     * Display values of a tile.
     *
     * @private
     * @param {Object} tile as returned by the server
     * @returns {Object}
     */
    _prepareTile: function (tile) {
        var currency = this.data.currency;
        var prepared = _.extend({}, tile, {
            valueText: formatFigure(tile.value, tile.unit, currency),
            targetText: _.str.sprintf(_t("Target: %s"), formatFigure(tile.target, tile.unit, currency)),
            attainmentText: isMissing(tile.attainment) ? '' :
                _.str.sprintf(_t("%s attained"), formatFigure(tile.attainment, 'pct')),
            previousText: isMissing(tile.previous) ?
                _t("no data in the previous period") :
                _.str.sprintf(_t("vs %s"), formatFigure(tile.previous, tile.unit, currency)),
            deltaText: '',
            arrowClass: 'fa-minus',
            trendClass: '',
            openTitle: _t("Open the records behind this figure"),
            noValue: isMissing(tile.value),
            noDelta: isMissing(tile.delta),
            noTarget: isMissing(tile.target),
            noAttainment: isMissing(tile.attainment),
        });
        if (!tile.available) {
            prepared.valueText = _t("No data");
            prepared.previousText = _t("These figures are not available to you");
        }
        if (!isMissing(tile.delta)) {
            prepared.deltaText = formatFigure(tile.delta, tile.unit, currency, true);
            if (!isMissing(tile.delta_pct) && tile.unit !== 'pct') {
                prepared.deltaText += ' (' + formatFigure(tile.delta_pct, 'pct', null, true) + ')';
            }
            prepared.arrowClass = tile.delta > 0 ? 'fa-arrow-up' : (tile.delta < 0 ? 'fa-arrow-down' : 'fa-minus');
            prepared.trendClass = tile.better === 'better' ? 'o_kpi_better' :
                (tile.better === 'worse' ? 'o_kpi_worse' : 'o_kpi_neutral');
        }
        return prepared;
    },
    /**
     * @private
     */
    _renderOptions: function () {
        var filters = this.data.filters;
        this.$('.o_kpi_dash_team').html(QWeb.render('crm_service_kpi.DashboardOptions', {
            records: filters.teams, selected: this.filters.teamId,
            empty: this.data.is_manager ? _t("All teams") : _t("My teams"),
        }));
        this.$('.o_kpi_dash_user').html(QWeb.render('crm_service_kpi.DashboardOptions', {
            records: filters.users, selected: this.filters.userId, empty: _t("All employees"),
        }));
        this.$('.o_kpi_dash_sales_team').html(QWeb.render('crm_service_kpi.DashboardOptions', {
            records: filters.sales_teams, selected: this.filters.salesTeamId,
            empty: _t("All sales teams"),
        }));
        this.$('.o_kpi_dash_team').val(this.filters.teamId);
        this.$('.o_kpi_dash_user').val(this.filters.userId);
        this.$('.o_kpi_dash_sales_team').val(this.filters.salesTeamId);
        this.$('.o_kpi_dash_preset').val(this.filters.preset);
        this.$('.o_kpi_dash_sales_field').toggleClass('hidden', !this.data.sales_available);
        // the ticket analysis, for users who may read the tickets only
        this.$('.o_kpi_dash_links').toggleClass('hidden', !this.data.analysis);
    },
    /**
     * @private
     */
    _render: function () {
        var self = this;
        if (!this.data) {
            return;
        }
        this._renderOptions();
        var tiles = _.map(this.data.tiles, this._prepareTile.bind(this));
        var groups = _.filter(_.map(this.data.departments, function (dept) {
            return _.extend({}, dept, {tiles: _.where(tiles, {department: dept.code})});
        }), function (group) { return group.tiles.length; });
        var fmt = function (day) { return moment(day, 'YYYY-MM-DD').format('ll'); };
        var period = this.data.period, previous = this.data.previous_period;
        this.$('.o_kpi_dash_content').html(QWeb.render('crm_service_kpi.DashboardContent', {
            groups: groups,
            charts: this.data.series.charts,
            periodText: _.str.sprintf(_t("%s - %s, compared with %s - %s (%s)"),
                fmt(period.date_from), fmt(period.date_to),
                fmt(previous.date_from), fmt(previous.date_to), previous.label),
        }));
        var series = this.data.series;
        this.$('.o_kpi_dash_chart').each(function () {
            var code = $(this).data('code');
            var chart = _.findWhere(series.charts, {code: code});
            var values = series[code];
            var last = _.last(values);
            $(this).find('.o_kpi_dash_chart_last').text(isMissing(last) ? '' :
                _.str.sprintf(_t("%s: %s"), moment(_.last(series.months), 'YYYY-MM').format('MMM YYYY'),
                              formatFigure(last, chart.unit, self.data.currency)));
            $(this).find('.o_kpi_dash_chart_svg').html(
                lineChart(series.months, values, chart.unit, self.data.currency));
        });
    },
    /**
     * @private
     */
    _updateControlPanel: function () {
        this.update_control_panel({
            breadcrumbs: this.action_manager.get_breadcrumbs(),
            cp_content: {},
        }, {clear: true});
    },
    /**
     * @private
     * @param {string} code
     * @returns {Object|undefined}
     */
    _tile: function (code) {
        return _.findWhere(this.data.tiles, {code: code});
    },
    /**
     * The analysis report (pivot or graph) of the tickets of the period.
     *
     * @private
     * @param {string} viewType pivot or graph
     */
    _openAnalysis: function (viewType) {
        var analysis = this.data.analysis;
        this.do_action({
            type: 'ir.actions.act_window',
            name: analysis.name,
            res_model: 'crm.service.kpi.report',
            views: viewType === 'pivot' ? [[false, 'pivot'], [false, 'graph']] : [[false, 'graph'], [false, 'pivot']],
            domain: analysis.domain,
            target: 'current',
        });
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    /**
     * @private
     */
    _onPresetChange: function () {
        var preset = this.$('.o_kpi_dash_preset').val();
        this.filters.preset = preset;
        this.$('.o_kpi_dash_custom').toggleClass('hidden', preset !== 'custom');
        var dates = presetDates(preset, moment());
        if (dates) {
            this.filters.dateFrom = dates.dateFrom;
            this.filters.dateTo = dates.dateTo;
            this._reload();
        } else {
            this.$('.o_kpi_dash_date_from').val(this.filters.dateFrom);
            this.$('.o_kpi_dash_date_to').val(this.filters.dateTo);
        }
    },
    /**
     * @private
     */
    _onDatesChange: function () {
        var from = this.$('.o_kpi_dash_date_from').val();
        var to = this.$('.o_kpi_dash_date_to').val();
        if (!from || !to) {
            return;
        }
        if (from > to) {
            this.do_warn(_t("Dates"), _t("The start date is after the end date."));
            return;
        }
        this.filters.dateFrom = from;
        this.filters.dateTo = to;
        this._reload();
    },
    /**
     * @private
     */
    _onScopeChange: function () {
        this.filters.teamId = this.$('.o_kpi_dash_team').val() || '';
        this.filters.userId = this.$('.o_kpi_dash_user').val() || '';
        this.filters.salesTeamId = this.$('.o_kpi_dash_sales_team').val() || '';
        this._reload();
    },
    /**
     * @private
     * @param {MouseEvent} ev
     */
    _onOpenTile: function (ev) {
        if ($(ev.target).closest('.o_kpi_tile_help').length) {
            return;
        }
        var tile = this._tile($(ev.currentTarget).data('code'));
        if (tile && tile.action) {
            this.do_action(tile.action);
        }
    },
    /**
     * @private
     * @param {KeyboardEvent} ev
     */
    _onTileKeydown: function (ev) {
        if ($(ev.target).closest('.o_kpi_tile_help').length) {
            return;
        }
        if (ev.which === $.ui.keyCode.ENTER || ev.which === $.ui.keyCode.SPACE) {
            ev.preventDefault();
            this._onOpenTile(ev);
        }
    },
    /**
     * Show or hide the formula under the tile (phones have no hover).
     *
     * @private
     * @param {MouseEvent} ev
     */
    _onToggleHelp: function (ev) {
        ev.preventDefault();
        ev.stopPropagation();
        var $button = $(ev.currentTarget);
        var $formula = $button.closest('.o_kpi_tile').find('.o_kpi_tile_formula').toggleClass('hidden');
        $button.attr('aria-expanded', $formula.hasClass('hidden') ? 'false' : 'true');
    },
    /**
     * @private
     */
    _onOpenPivot: function () {
        this._openAnalysis('pivot');
    },
    /**
     * @private
     */
    _onOpenGraph: function () {
        this._openAnalysis('graph');
    },
});

core.action_registry.add('crm_service_kpi.dashboard', KpiDashboard);

return {
    KpiDashboard: KpiDashboard,
    formatFigure: formatFigure,
    presetDates: presetDates,
};

});
